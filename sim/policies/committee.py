"""The "1+3+N" community governance committee: monthly meetings, major matters by 2/3.

Plan (docs/plan.md, actor table and "1+3+N"): a Party-secretary-chaired
committee (the "1") with the three kinds of actor (government departments,
social organisations, residents' self-governing bodies: the "3") and N
further members, meets monthly and decides major matters by a 2/3 majority;
it decides on projects and budgets.

Without it (the status quo of ``sim.components.projects``, in every scenario) the
street office decides community projects top down every few months, whatever
residents need. With it, each community's committee meets on the first day of each month, right
after the participation round, and takes every pending proposal as a major
matter:

- members: 1 chair + 3 actor representatives + ``other_members`` (N);
- member ``j`` supports a proposal of kind ``k`` with probability

      1 / (1 + exp(-(support_bias + support_need * (rel_k - 0.5) + b_cj)))

  where ``rel_k = (voice[c, k] - min voice[c]) / (max voice[c] - min voice[c])``
  ranks kind ``k`` in what this month's participants voiced (``sim.components.deliberation``:
  their groups' needs; 1 the most voiced kind, 0 the least) and ``b_cj ~ Normal(0, member_noise)`` the member's
  own leaning, fixed for the run (``committee.members`` stream); votes draw
  from ``committee.vote`` (counter: proposal id, member);
- a proposal passes with at least ``ceil(pass_threshold * members)`` yes
  votes; with the decision boundaries of the participation mechanism, safety
  proposals go to experts instead (approved with chance
  ``participation.expert_approve_share``, stream ``committee.experts``);
- passed proposals are funded from the community's project pot
  (``civic.budget_yuan_per_resident_year``), those passed earlier first, then
  the most supported, while it lasts; the rest wait for money (no second
  vote); failed ones are rejected.

So projects follow what participants voice (a skewed pool of participants
skews them: free-riding) and start a month after they are proposed instead
of a quarter. Costs: ``meeting_yuan`` per community a month. The projects it
funds are paid from the community's own project budget, which the street
office spends in the status quo, so they are not the committee's cost
(counted in ``civic.committee_yuan``, ``sim.components.projects``). KPIs:
committee_pass_share; what it changes shows in the world's
projects_completed, project_need_match. Checks: yes votes <= votes cast <=
members x proposals.

Staged roll-out: a community's committee meets (and costs its meeting) from
the community's reform day; elsewhere the street office keeps deciding, as
with the mechanism off (``sim.components.projects``).
"""

import math

import numpy as np

from sim import calendar, rng
from sim.components.deliberation import SAFETY, Deliberation, relative
from sim.components.projects import COMMITTEE, Projects
from sim.params import declarer
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "committee"

_S = f"{SECTION}."


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether each community has a '1+3+N' governance committee deciding projects monthly.",
           "plan §'1+3+N' and the actor table (docs/plan.md): committee meets monthly, 2/3 majority"),
    _p("other_members", 5, 0, 50, "members",
       "assumption: the plan's 'N' read as five further members (residents' representatives, property "
       "manager, partner firms) beside the chair and the three kinds of actor",
       "Members beyond the chair and the three actor representatives.", "lever"),
    _p("pass_threshold", 2.0 / 3.0, 0.0, 1.0, "share of members",
       "plan §actor table: the committee decides major matters by a 2/3 majority",
       "Share of members whose support passes a major matter.", "lever"),
    _p("support_bias", 0.0, -10.0, 10.0, "logit",
       "assumption: members lean to supporting proposals that reach them",
       "Members' general support for a proposal."),
    _p("support_need", 3.0, 0.0, 50.0, "logit per unit relative need",
       "assumption: members back what residents ask for most ('needs-driven', plan §needs survey)",
       "Weight of how much participants voiced a proposal's kind (0 the least voiced kind, 1 the most)."),
    _p("member_noise", 0.5, 0.0, 5.0, "logit sd",
       "assumption: each member has their own leaning", "Spread of members' own leanings."),
    _p("meeting_yuan", 1000.0, 0.0, 1e6, "yuan per community per month",
       "assumption: venue, secretariat and allowances of a monthly meeting",
       "Cost of the committee's monthly meeting."),
)

COUNTERS = ("meetings", "votes", "yes", "passed", "member_votes")
INDICATORS = (
    Indicator("committee_pass_share", (f"{SECTION}.passed",), (f"{SECTION}.votes",), "share",
              "Share of proposals put to the committee that passed", by_group=False),
)


class Committee(Policy):
    """The '1+3+N' committee; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("committee_pass_share",)  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("decisions",)
    COSTS = ("services",)  # ledger items (sim.ledger)
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    USES = (Deliberation, Projects)

    def __init__(self, model):
        super().__init__(model)
        self.round = model.component(Deliberation)
        self.book = model.component(Projects)
        self.book.committee_decides = True  # instead of the street office, where the reform has reached
        self.members = 1 + 3 + int(self.p["other_members"])
        self.needed = math.ceil(self.p["pass_threshold"] * self.members - 1e-9)
        n_comm = model.acc.shape[1]
        cnt = np.arange(n_comm * self.members, dtype=np.uint64)
        self.leaning = (self.p["member_noise"] * rng.normals(model.key_fixed("committee.members"), cnt)
                        ).reshape(n_comm, self.members)

    def decisions(self) -> None:
        """This month's meeting in every community (a month's first day, after the participation round)."""
        m, projects, p = self.model, self.book, self.p
        if not calendar.month_starts(m.day):
            return
        b = projects.book
        acc = m.acc[m.day]
        key = m.key("committee.vote")
        for c in np.flatnonzero(self.live):
            acc[c, 0, self.slot("meetings")] += 1.0
            ids = projects.pending(c)
            experts = (b.kind[ids] == SAFETY) if projects.boundaries else np.zeros(ids.shape[0], np.bool_)
            voted = ids[~experts]
            ok = rng.uniforms(m.key("committee.experts"), b.key[ids[experts]].astype(np.uint64)) < \
                projects.expert_approve_share if experts.any() else np.zeros(0, np.bool_)
            rel = relative(self.round.voice[c])[b.kind[voted]]
            logit = p["support_bias"] + p["support_need"] * (rel - 0.5)
            chance = 1.0 / (1.0 + np.exp(-(logit[:, None] + self.leaning[c][None, :])))
            cnt = (b.key[voted].astype(np.uint64)[:, None] * np.uint64(64) + np.arange(self.members, dtype=np.uint64)
                   ).reshape(-1)
            yes = (rng.uniforms(key, cnt).reshape(chance.shape) < chance).sum(axis=1)
            passed = yes >= self.needed
            acc[c, 0, self.slot("votes")] += voted.shape[0]
            acc[c, 0, self.slot("member_votes")] += voted.shape[0] * self.members
            acc[c, 0, self.slot("yes")] += yes.sum()
            acc[c, 0, self.slot("passed")] += passed.sum()
            order = np.lexsort((voted[passed], -yes[passed]))  # most supported first, then oldest
            projects.fund(c, np.concatenate([ids[experts][ok], voted[passed][order]]), COMMITTEE)
            projects.reject(np.concatenate([ids[experts][~ok], voted[~passed]]))
        self.spend(p["meeting_yuan"] * self.live)

    def check_invariants(self):
        done = self.model.counted()
        yes, votes, member_votes = (done[self.slot(n)] for n in ("yes", "votes", "member_votes"))
        if yes > member_votes or member_votes != votes * self.members or done[self.slot("passed")] > votes:
            return "more yes votes than members voting, or more passed than voted"
        return None
