"""The cost ledger's vocabulary: what money buys (items) and who pays (the status quo or a mechanism).

Every yuan a run spends goes into one column of the ledger, ``ledger[day,
community, column]``. A column is a payer and an item, named ``payer.item``:

- the payer is ``status_quo`` (``sim.components.running_costs``: the staff and
  running costs every community has, reform or not) or a mechanism's section
  (what it adds and pays for, ``Policy.spend``);
- the item is one of ``ITEMS``, what the money buys, so the same kind of cost
  adds up across payers (``cost_yuan_by_item`` in ``summary.json``).

A reform changes the status quo's costs too where it changes what the status
quo pays for (more department capacity, fewer privacy incidents to remedy):
the payer says who decided the spending, a comparison's difference says what
a reform costs in all.
"""

from __future__ import annotations

STATUS_QUO = "status_quo"

ITEMS: dict[str, str] = {
    "staff": "salaries and allowances: clerks, department staff, community and grid workers, generalists, "
             "social workers, mediators, coordinators, volunteers' stipends",
    "training": "training and its materials",
    "platform": "digital systems: building and upkeep of platforms, apps, data stores, logging",
    "devices": "devices in homes: meters, bracelets, alarms",
    "services": "services paid per use: visits, call-outs, hotline calls, approvals, ratings, evaluations, "
                "assessments, meetings",
    "programmes": "programmes: rooms, venue hours, places, materials",
    "projects": "community projects: the yearly project budget and projects paid by mechanisms",
    "facilities": "refits of halls, repurposed buildings, space opened to residents",
    "incentives": "points, credits and rewards paid to residents",
    "subsidies": "money passed to communities by the funding mechanism",
    "remediation": "remedying residents' data exposed in privacy incidents",
}


def column(payer: str, item: str) -> str:
    """The ledger column's name of ``payer`` paying for ``item``."""
    if item not in ITEMS:
        raise ValueError(f"{payer} declares a cost item {item!r}; the items are: {', '.join(ITEMS)}")
    return f"{payer}.{item}"


def payer(column_name: str) -> str:
    return column_name.rsplit(".", 1)[0]


def item(column_name: str) -> str:
    return column_name.rsplit(".", 1)[1]
