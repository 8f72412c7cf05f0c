package io.dea.transform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * Raw CSV exports of a shop, generated from a seed: customers (a fifth never order), orders (a fifth
 * returned), zero to three payments and zero to four items per order. Some payment amounts and item
 * quantities are empty (nulls in measure columns) and some payment and item lines are exported twice
 * (duplicated child rows). With {@code emptyChildren} the payment and item files hold only a header.
 *
 * @param tag    prefix of the shape's source and mart names, so many shapes share one warehouse
 * @param seed   the random seed
 * @param orders number of orders
 * @param emptyChildren payments and items without a single row
 */
record GeneratedShop(String tag, long seed, int orders, boolean emptyChildren) {

    static final String[] STATUSES = {"paid", "shipped", "returned"};

    int customers() {
        return Math.max(3, orders / 4);
    }

    Path file(Path dir, String table) {
        return dir.resolve(tag).resolve(table + ".csv");
    }

    void write(Path dir) throws Exception {
        Random random = new Random(seed);
        StringBuilder c = new StringBuilder("id,name,country\n");
        String[] countries = {"DE", "FR", "US", "NL"};
        for (int i = 1; i <= customers(); i++) {
            c.append(i).append(",customer ").append(i).append(',').append(countries[random.nextInt(countries.length)]).append('\n');
        }
        StringBuilder o = new StringBuilder("id,customer_id,order_date,ordered_at,status\n");
        StringBuilder p = new StringBuilder("id,order_id,amount,method\n");
        StringBuilder items = new StringBuilder("id,order_id,sku,quantity,unit_price\n");
        int buyers = Math.max(1, customers() * 4 / 5);
        int payment = 0;
        int item = 0;
        for (int i = 1; i <= orders; i++) {
            LocalDate date = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(120));
            int second = random.nextInt(86_400);
            double r = random.nextDouble();
            String status = r < 0.2 ? "returned" : r < 0.5 ? "shipped" : "paid";
            o.append(i).append(',').append(1 + random.nextInt(buyers)).append(',').append(date).append(',')
                    .append(String.format(Locale.ROOT, "%s %02d:%02d:%02d", date, second / 3600, second / 60 % 60, second % 60))
                    .append(',').append(status).append('\n');
            if (emptyChildren) {
                continue;
            }
            for (int k = random.nextInt(4); k > 0; k--) {
                String amount = random.nextInt(20) == 0 ? "" : String.format(Locale.ROOT, "%.2f", (100 + random.nextInt(20_000)) / 100.0);
                String line = (++payment) + "," + i + "," + amount + "," + (random.nextBoolean() ? "card" : "cash") + "\n";
                p.append(line);
                if (random.nextInt(30) == 0) {
                    p.append(line);
                }
            }
            for (int k = random.nextInt(5); k > 0; k--) {
                String quantity = random.nextInt(20) == 0 ? "" : Integer.toString(1 + random.nextInt(5));
                String line = (++item) + "," + i + ",sku-" + random.nextInt(50) + "," + quantity + ","
                        + String.format(Locale.ROOT, "%.2f", (50 + random.nextInt(5_000)) / 100.0) + "\n";
                items.append(line);
                if (random.nextInt(30) == 0) {
                    items.append(line);
                }
            }
        }
        Files.createDirectories(dir.resolve(tag));
        Files.writeString(file(dir, "customers"), c);
        Files.writeString(file(dir, "orders"), o);
        Files.writeString(file(dir, "payments"), p);
        Files.writeString(file(dir, "order_items"), items);
    }

    /** The goal's sources and relationships, named after the shape (declared: the names carry the tag). */
    String sourcesYaml(Path dir) {
        StringBuilder y = new StringBuilder("sources:\n");
        for (String table : new String[] {"customers", "orders", "payments", "order_items"}) {
            y.append("  - {name: ").append(tag).append('_').append(table).append(", format: csv, location: '")
                    .append(file(dir, table)).append("'}\n");
        }
        return y + """
                relationships:
                  - %1$s_orders.customer_id -> %1$s_customers.id
                  - %1$s_payments.order_id -> %1$s_orders.id
                  - %1$s_order_items.order_id -> %1$s_orders.id
                """.formatted(tag);
    }
}
