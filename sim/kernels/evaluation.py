"""Third-party evaluation of service contracts: pass or fail, and cancellation after fails in a row.

``judge`` applies one evaluation to every contract ``j`` (plan, docs/plan.md
mechanism 17: a contract failing two evaluations in a row is cancelled).
For each contract evaluated (``evaluated[j]``; one closed for a handover is
not):

    failed[j]    = score[j] < pass_threshold
    streak[j]    = streak[j] + 1 if failed[j] else 0
    cancelled[j] = streak[j] >= fails_to_cancel     (then streak[j] = 0: the new provider starts afresh)

A contract not evaluated keeps its streak, neither fails nor is cancelled.
Hence cancellations <= fails, and a contract is cancelled only after
``fails_to_cancel`` fails of the same provider in a row.
"""

from numba import njit


@njit(cache=True)
def judge(score, evaluated, pass_threshold, fails_to_cancel, streak, failed, cancelled):
    """One evaluation round; updates ``streak`` and fills ``failed`` and ``cancelled`` (see the module docstring)."""
    for j in range(score.shape[0]):
        failed[j] = False
        cancelled[j] = False
        if not evaluated[j]:
            continue
        if score[j] < pass_threshold:
            failed[j] = True
            streak[j] += 1
        else:
            streak[j] = 0
        if streak[j] >= fails_to_cancel:
            cancelled[j] = True
            streak[j] = 0
