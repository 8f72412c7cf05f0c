package io.dea.modeling.intake;

import java.util.List;

/**
 * Phrasings over the generated SaaS events schema (accounts, events). All of them were written before
 * the interpreter was run on them (untuned), as a data engineer would ask.
 */
final class SaasPhrasings {

    private static final String EVENTS = "source:events";
    private static final String ACCOUNTS = "source:accounts";
    private static final String BY_DAY = "grain:events.occurred_at";
    private static final String REVENUE = "measure:revenue=sum(events.revenue)";

    // Written before measuring.
    static final List<EvalCase> CASES = List.of(
            EvalCase.of("daily signups from events",
                    EVENTS, BY_DAY, "time:day", "measure:signup_count=count_distinct(events.id)",
                    "filter:events.event_type = 'signup'", "mart:daily_signup_count"),
            EvalCase.of("monthly revenue by plan from events and accounts",
                    EVENTS, ACCOUNTS, BY_DAY, "grain:accounts.plan", "time:month", REVENUE, "mart:monthly_revenue_by_plan"),
            EvalCase.of("number of accounts per country from accounts",
                    ACCOUNTS, "grain:accounts.country", "measure:account_count=count_distinct(accounts.id)",
                    "mart:account_count_by_country"),
            EvalCase.of("number of distinct accounts per day from events, only logins",
                    EVENTS, BY_DAY, "time:day", "measure:account_count=count_distinct(events.account_id)",
                    "filter:events.event_type = 'login'", "mart:daily_account_count"),
            EvalCase.of("total seats by plan from events and accounts excluding free accounts",
                    EVENTS, ACCOUNTS, "grain:accounts.plan", "measure:seats=sum(events.seats)",
                    "filter:accounts.plan <> 'free'", "mart:seats_by_plan"),
            EvalCase.of("weekly revenue from events, only upgrade events",
                    EVENTS, BY_DAY, "time:week", REVENUE, "filter:events.event_type = 'upgrade'", "mart:weekly_revenue"),
            // No column says anything about an industry.
            EvalCase.of("revenue by industry from events and accounts",
                    EVENTS, ACCOUNTS, REVENUE, "mart:revenue", "?industry"),
            EvalCase.of("number of events per event type from events",
                    EVENTS, "grain:events.event_type", "measure:event_count=count_distinct(events.id)",
                    "mart:event_count_by_event_type"),
            EvalCase.of("monthly number of accounts by country from accounts",
                    ACCOUNTS, "grain:accounts.created_at", "grain:accounts.country", "time:month",
                    "measure:account_count=count_distinct(accounts.id)", "mart:monthly_account_count_by_country"),
            // The accounts are the customers here, but no column says "customer".
            EvalCase.of("daily revenue by customer from events",
                    EVENTS, BY_DAY, "time:day", REVENUE, "mart:daily_revenue", "?customer"),
            EvalCase.of("average seats per account from events",
                    EVENTS, "grain:events.account_id", "measure:avg_seats=avg(events.seats)", "mart:avg_seats_by_account"));

    private SaasPhrasings() {
    }
}
