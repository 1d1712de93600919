"""The one-stop mediation centre: dialogue first, then a third-party cost assessment.

Plan (docs/plan.md, mechanism 12 and the figures): one-stop mediation (justice,
petitions, police, lawyers in one place); dialogue first, then a third-party
cost assessment (one fee dispute settled at "+10% fee, better service");
dispute mediation success 75% before reform, 90%+ targeted; success depends
on the mediators' training.

Before reform each community's residents' committee hears disputes and
settles a concluded one with chance ``disputes.settle_prob``
(``sim.components.handling``). With this mechanism on, one centre serves the
street, i.e. every community of the scenario (assumption: one-stop dispute
centres pool justice, petitions, police and lawyers at street or county
level, not in each community), staffed with

    mediators = mediators_per_10k * residents / 10,000
    capacity  = mediators * sessions_per_mediator_day   (hearings a working day, Monday-Friday)

It becomes the body that resolves every dispute (``sim.kernels.mediation``):
a dispute reported by app or hotline goes straight to its queue, others when
the counter, grid worker or a wrong department passes them on. A hearing
concludes the dialogue with the chance a department closes a stage
(``handlers.resolve_prob_department``: the centre is a justice-bureau body, a
handler of kind ``JUSTICE``), else a follow-up the next working day. The
concluded dialogue (``sim.kernels.disputes.verdict``) settles with

    p_dialogue = dialogue_success_untrained
                 + (dialogue_success_trained - dialogue_success_untrained) * trained_share

for every kind of dispute; a failed dialogue of kind k goes to a third-party
cost assessment with chance ``assess_share_<k>`` (property fees always, parking
and noise when damages or costs are in question), which returns after
``assess_days`` and settles with ``assess_settle_prob``; otherwise the dispute
closes unsettled. Mediators do not work overtime: the centre never hears more
than its capacity.

State: the centre's handler row (appended to ``model.handlers``) and its
Mesa agent. Costs (the ledger, split over communities by residents):
mediators' pay, yearly training of the trained mediators, and each assessment
ordered (in the community of the dispute). Counters: hearings held and
hearings the centre could hold (street level, kept under the first
community), giving ``mediation_centre_use``; the engine's counters give
``mediation_success`` and ``mediation_assessed_share``. Checks (validating):
hearings held today = capacity spent = min(disputes ready in its queue,
capacity released), so the centre never exceeds its capacity nor idles with
disputes waiting.

Staged roll-out: the centre serves the communities the reform has reached
(``model.live``): only their disputes go to it, it staffs mediators for their
residents (its capacity for a day set from the communities reached by then),
and its pay and training are charged to them pro rata residents; its counters
are kept under the first community it serves. Its dispute rule (dialogue,
assessment) is written to every row of the reform's ``disputes`` rule (a row
per community), so it applies only where the reform has reached; elsewhere
the residents' committee settles with ``disputes.settle_prob``.
"""

import numpy as np

from sim.enums import HandlerKind
from sim.institutions.agents import Handler
from sim.institutions.handlers import Institutions
from sim.kernels import disputes as dk
from sim.kernels import mediation as km
from sim.kernels import slots
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "mediation"

_KINDS = ("noise", "parking", "fee")


class MediationCentre(Handler):
    """The street's one-stop mediation centre: a Mesa view onto its handler row.

    Its mediators' hours are fixed, so it takes no overtime decision.
    """

    DECIDES_OVERTIME = False


class Mediation(Policy):
    """The one-stop mediation centre; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("mediation_success", "mediation_centre_use")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether a one-stop mediation centre hears the street's disputes.",
               "plan §mediation centre (docs/plan.md mechanism 12)"),
        Param(f"{SECTION}.mediators_per_10k", 6.0, 0.0, 100.0, "mediators per 10,000 residents",
              "assumption: full-time centre mediators, sized to hear the baseline's disputes with room to "
              "spare (Ministry of Justice 2022: 3.2 M people's mediators, mostly part-time, ~23 per 10,000)",
              "Mediators the centre staffs.", "lever"),
        Param(f"{SECTION}.sessions_per_mediator_day", 3.0, 0.1, 20.0, "hearings per working day",
              "assumption: a hearing with both parties takes about two hours with its paperwork",
              "Hearings one mediator holds a working day."),
        Param(f"{SECTION}.trained_share", 0.8, 0.0, 1.0, "share",
              "plan §mediation centre: success depends on mediators' training; assumption: most centre "
              "mediators trained (plan §people: 1,000 community workers trained a year)",
              "Share of the centre's mediators with mediation training.", "lever"),
        Param(f"{SECTION}.dialogue_success_untrained", 0.80, 0.0, 1.0, "probability",
              "assumption: untrained mediators settle about as often as the committee did "
              "(disputes.settle_prob 0.82, plan §figures: 75% success before reform)",
              "Chance a dialogue led by untrained mediators ends settled."),
        Param(f"{SECTION}.dialogue_success_trained", 0.92, 0.0, 1.0, "probability",
              "assumption: trained mediators settle most disputes by dialogue (Ministry of Justice: "
              "people's mediation reports 95%+ settled; Chengdu courtyards 60% -> 98% in 3 years)",
              "Chance a dialogue led by trained mediators ends settled."),
        *(
            Param(f"{SECTION}.assess_share_{kind}", share, 0.0, 1.0, "probability",
                  "plan §mediation centre: failed dialogues over costs go to a third-party cost assessment; "
                  f"assumption: {why}", f"Chance a failed dialogue over {kind} goes to a cost assessment.")
            for kind, share, why in (
                ("noise", 0.2, "renovation noise is about costs when it caused damage"),
                ("parking", 0.5, "half of parking quarrels are about fees or the cost of spaces"),
                ("fee", 1.0, "a property-fee dispute is a cost dispute"),
            )
        ),
        Param(f"{SECTION}.assess_settle_prob", 0.8, 0.0, 1.0, "probability",
              "plan §mediation centre: a fee dispute settled after assessment at '+10% fee, better service'; "
              "size assumed",
              "Chance a dispute settles once the third-party assessment is in."),
        Param(f"{SECTION}.assess_days", 7, 1, 90, "days",
              "assumption: an assessor reports within about a week", "Days a third-party cost assessment takes."),
        Param(f"{SECTION}.mediator_salary_yuan_year", 70000.0, 0.0, 1e6, "yuan per mediator-year",
              "assumption: a community worker's yearly pay and overheads",
              "Cost of one centre mediator for a year."),
        Param(f"{SECTION}.training_yuan_year", 3000.0, 0.0, 1e5, "yuan per trained mediator-year",
              "assumption: a certified course and yearly refresher days",
              "Yearly cost of keeping one mediator trained."),
        Param(f"{SECTION}.assessment_yuan", 2000.0, 0.0, 1e6, "yuan per assessment",
              "assumption: a third-party assessor's fee for a household-sized claim, paid by the street",
              "Cost of one third-party cost assessment."),
    )
    PHASES = ("before_day", "intake", "counters", "handling")
    COSTS = ("staff", "training", "services")  # ledger items (sim.ledger)
    RULES = ("disputes",)
    USES = (Institutions,)  # the centre's handler row and agent
    COUNTERS = ("sessions", "capacity")
    INDICATORS = (
        Indicator("mediation_centre_use", (f"{SECTION}.sessions",), (f"{SECTION}.capacity",), "share",
                  "Share of the mediation centre's hearing capacity used", by_group=False),
        Indicator("mediation_assessed_share", (slots.DISPUTES_ASSESSED,), (slots.DISPUTES_CONCLUDED,), "share",
                  "Third-party cost assessments ordered per dispute concluded"),
    )

    def __init__(self, model):
        super().__init__(model)
        p = self.p
        self.residents = np.diff(model.pop.community_start).astype(np.float64)
        self.mediators, _ = self.staff(model.reform_day <= model.day)
        self.row = _add_centre(model, self.mediators * p["sessions_per_mediator_day"])
        model.component(Institutions).agents.append(MediationCentre(model, self.row))
        dp = self.rule("disputes")  # every community's row (the engine applies it where the reform has reached)
        trained = p["trained_share"]
        dp[..., dk.SETTLE : dk.SETTLE + dk.N_KINDS] = (
            p["dialogue_success_untrained"]
            + (p["dialogue_success_trained"] - p["dialogue_success_untrained"]) * trained)
        for k, kind in enumerate(_KINDS):
            dp[..., dk.ASSESS_SHARE + k] = p[f"assess_share_{kind}"]
        dp[..., dk.ASSESS_SETTLE] = p["assess_settle_prob"]
        dp[..., dk.ASSESS_DAYS] = p["assess_days"]
        self.yearly = {"staff": p["mediator_salary_yuan_year"], "training": trained * p["training_yuan_year"]}
        self.released = 0
        self.waiting = 0
        self.problem = None

    def staff(self, served: np.ndarray) -> tuple[float, np.ndarray]:
        """Mediators the centre staffs for the communities ``served`` (bool per community), and each
        community's share of their residents (what it pays)."""
        residents = self.residents * served
        total = residents.sum()
        mediators = self.p["mediators_per_10k"] * total / 1e4
        return mediators, (residents / total if total > 0 else residents)

    def before_day(self) -> None:
        self.released = int(self.model.handlers.cap_left[self.row])  # today's capacity, just released
        self.mediators, share = self.staff(self.live)
        for item, yuan in self.yearly.items():
            self.spend(share * self.mediators * yuan / 365.0, item=item)

    def intake(self) -> None:
        m, q, h = self.model, self.model.requests, self.model.handlers
        start = int(np.searchsorted(q.created, m.day))
        km.to_centre(start, q.need, q.community, q.target, q.handler, h.committee, self.row, self.live)

    def counters(self) -> None:
        """When validating: disputes the centre may take up today (it holds min(these, capacity) hearings)."""
        m, q = self.model, self.model.requests
        if m.validate:
            self.waiting = km.ready_at(m.day, self.row, q.handler, q.state, q.ready)

    def handling(self) -> None:
        m = self.model
        held = self.released - int(m.handlers.cap_left[self.row])
        acc = m.acc[m.day]
        first = int(np.argmax(self.live))  # the street-level centre's counters: under the first community served
        acc[first, 0, self.slot("sessions")] += held
        acc[first, 0, self.slot("capacity")] += self.released
        assessed = acc[:, :, slots.DISPUTES_ASSESSED].sum(axis=1)
        if assessed.any():
            self.spend(assessed * self.p["assessment_yuan"], item="services")
        if m.validate and not 0 <= held == min(self.waiting, self.released):
            self.problem = (f"day {m.day}: the centre held {held} hearings with {self.waiting} disputes "
                            f"waiting and capacity {self.released}")
        # Tomorrow's hearings: mediators for the communities the reform will have reached by then.
        mediators, _ = self.staff(m.reform_day <= m.day + 1)
        m.handlers.base_capacity[self.row] = mediators * self.p["sessions_per_mediator_day"]

    def check_invariants(self) -> str | None:
        return self.problem


def _add_centre(model, capacity: float) -> int:
    """Append the centre's row to the handler table (a street-level body, open Monday-Friday)."""
    t = model.handlers
    row = t.n

    def grow(name, value):
        setattr(t, name, np.append(getattr(t, name), np.array([value], dtype=getattr(t, name).dtype)))

    for name, value in (("kind", HandlerKind.JUSTICE), ("community", -1), ("base_capacity", capacity),
                        ("open_days", 5), ("multiplier", 1.0), ("carry", 0.0), ("cap_left", 0),
                        ("backlog", 0)):
        grow(name, value)
    return row
