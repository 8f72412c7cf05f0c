package io.dea.modeling.intake;

import java.util.List;

/**
 * Phrasings over the demo shop (examples/daily-revenue/data: orders, payments, customers). The first 31
 * were written with the grammar; the last 6 after it, as a person might say them, and not tuned for.
 */
final class ShopPhrasings {

    private static final String REVENUE = "measure:revenue=sum(payments.amount)";
    private static final String BY_DAY = "grain:orders.order_date";
    private static final String ORDERS = "source:orders";
    private static final String PAYMENTS = "source:payments";
    private static final String NOT_RETURNED = "filter:orders.status <> 'returned'";

    static final List<EvalCase> CASES = List.of(
            EvalCase.of("daily revenue from orders and payments, excluding returned orders",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, NOT_RETURNED, "mart:daily_revenue"),
            EvalCase.of("daily revenue by warehouse region from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "mart:daily_revenue", "?warehouse region"),
            EvalCase.of("monthly number of orders from orders",
                    ORDERS, BY_DAY, "time:month", "measure:order_count=count_distinct(orders.id)", "mart:monthly_order_count"),
            EvalCase.of("total amount per payment method from payments",
                    PAYMENTS, "grain:payments.method", "measure:amount=sum(payments.amount)", "mart:amount_by_payment_method"),
            EvalCase.of("number of customers by country from customers",
                    "source:customers", "grain:customers.country", "measure:customer_count=count_distinct(customers.id)",
                    "mart:customer_count_by_country"),
            EvalCase.of("weekly revenue from payments and orders",
                    PAYMENTS, ORDERS, BY_DAY, "time:week", REVENUE, "mart:weekly_revenue"),
            EvalCase.of("average payment amount per method from payments",
                    PAYMENTS, "grain:payments.method", "measure:avg_payment_amount=avg(payments.amount)",
                    "mart:avg_payment_amount_by_method"),
            EvalCase.of("daily revenue from orders and payments, only shipped orders",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "filter:orders.status = 'shipped'", "mart:daily_revenue"),
            EvalCase.of("revenue by customer country from orders, payments and customers",
                    ORDERS, PAYMENTS, "source:customers", "grain:customers.country", REVENUE, "mart:revenue_by_customer_country"),
            EvalCase.of("daily revenue in staging from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "mart:daily_revenue", "environment:staging"),
            EvalCase.of("daily revenue excluding returned orders",
                    PAYMENTS, ORDERS, BY_DAY, "time:day", REVENUE, NOT_RETURNED, "mart:daily_revenue"),
            EvalCase.of("number of distinct customers per day from orders",
                    ORDERS, BY_DAY, "time:day", "measure:customer_count=count_distinct(orders.customer_id)", "mart:daily_customer_count"),
            EvalCase.of("how many payments per method from payments",
                    PAYMENTS, "grain:payments.method", "measure:payment_count=count_distinct(payments.id)",
                    "mart:payment_count_by_method"),
            EvalCase.of("yearly revenue from payments", PAYMENTS, REVENUE, "mart:revenue", "?yearly"),
            EvalCase.of("daily revenue by warehouse from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "mart:daily_revenue", "?warehouse"),
            EvalCase.of("maximum payment amount per day from payments",
                    PAYMENTS, "grain:payments.paid_at", "time:day", "measure:max_payment_amount=max(payments.amount)",
                    "mart:daily_max_payment_amount"),
            EvalCase.of("daily revenue from orders and payments where amount over 100",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "filter:payments.amount > 100", "mart:daily_revenue"),
            EvalCase.of("revenue per payment method from payments excluding invoice payments",
                    PAYMENTS, "grain:payments.method", REVENUE, "filter:payments.method <> 'invoice'",
                    "mart:revenue_by_payment_method"),
            EvalCase.of("number of orders per status from orders",
                    ORDERS, "grain:orders.status", "measure:order_count=count_distinct(orders.id)", "mart:order_count_by_status"),
            EvalCase.of("monthly revenue from orders and payments without returned and shipped orders",
                    ORDERS, PAYMENTS, BY_DAY, "time:month", REVENUE, "filter:orders.status NOT IN ('returned', 'shipped')",
                    "mart:monthly_revenue"),
            EvalCase.of("daily revenue from orders and payments called revenue_daily",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "mart:revenue_daily"),
            EvalCase.of("revenue by region from orders and payments", ORDERS, PAYMENTS, REVENUE, "mart:revenue", "?region"),
            EvalCase.of("sum of payments.amount per orders.order_date from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "measure:payments_amount=sum(payments.amount)",
                    "mart:payments_amount_by_orders_order_date"),
            EvalCase.of("daily sales from orders and payments excluding returns",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", "measure:sales=sum(payments.amount)", NOT_RETURNED, "mart:daily_sales"),
            EvalCase.of("number of customers per country from customers, only NL",
                    "source:customers", "grain:customers.country", "measure:customer_count=count_distinct(customers.id)",
                    "filter:customers.country = 'NL'", "mart:customer_count_by_country"),
            EvalCase.of("average order value by month from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "time:month", "mart:monthly_avg_order_value", "?order value"),
            EvalCase.of("count of payments by payment method and month from payments",
                    PAYMENTS, "grain:payments.paid_at", "grain:payments.method", "time:month",
                    "measure:payment_count=count_distinct(payments.id)", "mart:monthly_payment_count_by_payment_method"),
            EvalCase.of("daily revenue by customer from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "grain:orders.customer_id", "time:day", REVENUE, "mart:daily_revenue_by_customer"),
            EvalCase.of("daily revenue by customer from orders, payments and customers",
                    ORDERS, PAYMENTS, "source:customers", BY_DAY, "grain:orders.customer_id", "time:day", REVENUE,
                    "mart:daily_revenue_by_customer"),
            EvalCase.of("earliest order date per customer from orders",
                    ORDERS, "grain:orders.customer_id", "measure:min_order_date=min(orders.order_date)",
                    "mart:min_order_date_by_customer"),
            EvalCase.of("total revenue per week from payments and orders excluding cancelled orders",
                    PAYMENTS, ORDERS, BY_DAY, "time:week", REVENUE, "mart:weekly_revenue", "?cancelled"),
            // Written after the grammar, as a person might say them, and not tuned for.
            EvalCase.of("show me the revenue for each day from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "time:day", REVENUE, "mart:daily_revenue"),
            EvalCase.of("how much did customers pay per month, from orders and payments",
                    ORDERS, PAYMENTS, BY_DAY, "time:month", "measure:revenue=sum(payments.amount)", "mart:monthly_revenue"),
            EvalCase.of("orders per day from orders",
                    ORDERS, BY_DAY, "time:day", "measure:order_count=count_distinct(orders.id)", "mart:daily_order_count"),
            EvalCase.of("payment totals by method from payments",
                    PAYMENTS, "grain:payments.method", "measure:payment_totals=sum(payments.amount)", "mart:payment_totals_by_method"),
            EvalCase.of("revenue per day per country from orders, payments and customers excluding returned orders",
                    ORDERS, PAYMENTS, "source:customers", BY_DAY, "grain:customers.country", "time:day", REVENUE, NOT_RETURNED,
                    "mart:daily_revenue_by_country"),
            EvalCase.of("mean payment by method from payments",
                    PAYMENTS, "grain:payments.method", "measure:avg_payment=avg(payments.amount)", "mart:avg_payment_by_method"));

    private ShopPhrasings() {
    }
}
