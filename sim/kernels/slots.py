"""Raw daily counters the kernels write into ``acc[day, community, group, slot]``.

Flow counters add up events of the day; snapshot counters hold the state at
the end of the day. The engine's indicators are defined on these once
(``sim.components.record``); ``sim.results`` computes every KPI from them.
"""

NEEDS = 0  # needs that arose
UNMET = 1  # needs for which the resident used no channel
REQUESTS = 2  # requests created (needs that reached a channel)
CH_APP = 3
CH_HOTLINE = 4
CH_WALKIN = 5
CH_GRID = 6
RESPONDED = 7  # requests first taken up by the body that owns them (passing one on is no response)
RESPONSE_DAYS = 8  # sum of days from creation to first response
RESPONDED_IN_DEADLINE = 9  # responses within the response deadline
CLOSED = 10
CLOSE_DAYS = 11  # sum of days from creation to closure
CLOSED_3D = 12  # closed within 3 days of creation (the plan's target)
ABANDONED = 13
BOUNCES = 14  # bounces of requests finished (closed or abandoned) that day
SURVEY_N = 15
SURVEY_YES = 16
SAT_SUM = 17  # snapshot: sum of satisfaction over residents
RESIDENTS = 18  # snapshot: residents counted in SAT_SUM
BACKLOG = 19  # snapshot: open requests, by requester's group
CROSS_CLOSED = 20  # cross-department problems closed
CROSS_CLOSE_DAYS = 21  # sum of their days from report to closure
DISPUTES_NOISE = 22  # disputes raised, by kind (sim.kernels.disputes)
DISPUTES_PARKING = 23
DISPUTES_FEE = 24
DISPUTES_CONCLUDED = 25  # disputes closed or abandoned
DISPUTES_SETTLED = 26  # of those, closed with the parties settled
DISPUTES_ASSESSED = 27  # failed hearings sent to a third-party cost assessment
RESOLVED = 28  # requests closed with the problem resolved (a dispute closed unsettled is closed, not resolved)

N_SLOTS = 29
NAMES = ("needs", "unmet", "requests", "ch_app", "ch_hotline", "ch_walkin", "ch_grid", "responded",
         "response_days", "responded_in_deadline", "closed", "close_days", "closed_3d", "abandoned",
         "bounces", "survey_n", "survey_yes", "sat_sum", "residents", "backlog", "cross_closed",
         "cross_close_days", "disputes_noise", "disputes_parking", "disputes_fee", "disputes_concluded",
         "disputes_settled", "disputes_assessed", "resolved")
SNAPSHOT = (SAT_SUM, RESIDENTS, BACKLOG)
CHANNEL_SLOT = (-1, CH_APP, CH_HOTLINE, CH_WALKIN, CH_GRID)  # by Channel code
