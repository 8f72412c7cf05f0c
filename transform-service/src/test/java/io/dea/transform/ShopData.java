package io.dea.transform;

import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * A shop with known fan-out: customers (the last fifth never order), orders (a fifth returned),
 * and zero to three payments per order, returned orders included. Generated from a fixed seed and
 * loaded into typed landing tables (amounts as DECIMAL, so sums compare exactly).
 */
record ShopData(int customers, int orders, long seed) {

    static final String SOURCES = """
            sources:
              - {name: customers, format: csv, location: customers.csv}
              - {name: orders, format: csv, location: orders.csv}
              - {name: payments, format: csv, location: payments.csv}
            """;
    static final String PRIMARY_KEYS = "customers:id,orders:id,payments:id";
    static final String RELATIONSHIPS = "orders.customer_id->customers.id;payments.order_id->orders.id";

    void load(Warehouse warehouse, Path dir) throws Exception {
        Random random = new Random(seed);
        String[] countries = {"DE", "FR", "US", "NL"};
        StringBuilder c = new StringBuilder("id,name,country\n");
        for (int i = 1; i <= customers; i++) {
            c.append(i).append(",customer ").append(i).append(',').append(countries[random.nextInt(countries.length)]).append('\n');
        }
        StringBuilder o = new StringBuilder("id,customer_id,order_date,ordered_at,status\n");
        StringBuilder p = new StringBuilder("id,order_id,amount,method\n");
        int payment = 0;
        int buyers = Math.max(1, customers * 4 / 5);
        for (int i = 1; i <= orders; i++) {
            LocalDate date = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(45));
            int second = random.nextInt(86_400);
            double r = random.nextDouble();
            String status = r < 0.2 ? "returned" : r < 0.5 ? "shipped" : "paid";
            o.append(i).append(',').append(1 + random.nextInt(buyers)).append(',').append(date).append(',')
                    .append(String.format(Locale.ROOT, "%s %02d:%02d:%02d", date, second / 3600, second / 60 % 60, second % 60))
                    .append(',').append(status).append('\n');
            for (int k = random.nextInt(4); k > 0; k--) {
                p.append(++payment).append(',').append(i).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", (100 + random.nextInt(20_000)) / 100.0)).append(',')
                        .append(random.nextBoolean() ? "card" : "cash").append('\n');
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("customers.csv"), c);
        Files.writeString(dir.resolve("orders.csv"), o);
        Files.writeString(dir.resolve("payments.csv"), p);
        warehouse.withConnection(conn -> {
            var s = conn.createStatement();
            s.execute("CREATE SCHEMA IF NOT EXISTS landing");
            s.execute("CREATE OR REPLACE TABLE landing.customers (id INTEGER, name VARCHAR, country VARCHAR)");
            s.execute("CREATE OR REPLACE TABLE landing.orders (id INTEGER, customer_id INTEGER, order_date DATE, ordered_at TIMESTAMP, status VARCHAR)");
            s.execute("CREATE OR REPLACE TABLE landing.payments (id INTEGER, order_id INTEGER, amount DECIMAL(12, 2), method VARCHAR)");
            for (String table : new String[] {"customers", "orders", "payments"}) {
                s.execute("COPY landing." + table + " FROM '" + dir.resolve(table + ".csv") + "' (HEADER)");
            }
            return null;
        });
    }

    /** The dbt source a mart's model reads, as the model step would write it. */
    static String sourcesYml(String mart) {
        return """
                version: 2
                sources:
                  - name: %s_landing
                    schema: landing
                    tables:
                      - name: customers
                      - name: orders
                      - name: payments
                """.formatted(mart);
    }
}
