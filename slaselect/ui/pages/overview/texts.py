"""What the Overview page's fields mean, in the buyer's words (no Qt)."""

from __future__ import annotations

HELP = {
    "name": "Shown on every page, report and memo.",
    "currency": "The currency of every fee and figure; amounts are not converted.",
    "horizon": "Cost horizon: the months the total cost of ownership covers. A longer horizon "
               "weighs monthly fees more against one-off fees.",
    "scale": "The range evaluators score judgement criteria on; scores are rescaled to 0-10 "
             "for the ranking.",
    "incidents": "Incidents you expect a month weight the average response time.",
    "weights": "Weights say how much each priority counts when response and resolution "
               "times are scored; only their proportions matter.",
    "hours": "When your team works: times promised in business hours are turned into real "
             "waiting time with these days and hours.",
    "uptime": "Months you expect and how likely each is; sets the credits you can expect "
              "back. Probabilities must add up to 100 %.",
    "claim": "Share of service credits you actually collect when they must be claimed; "
             "automatic credits count in full.",
    "support": "Hours of work you expect to use; hours beyond a provider's included hours "
               "are charged at its hourly rate.",
    "exit": "Exit month: when the cost of leaving is measured; longer terms without "
            "termination for convenience cost more here.",
}
