package io.dea.modeling.intake;

import io.dea.modeling.intake.EvalSchema.Table;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The schemas the evaluation generates besides the demo shop: flights, SaaS events and HR, each a few
 * hundred rows of fixed-seed values with the column names and category values such exports have.
 */
final class GeneratedSchemas {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final List<String> AIRPORTS = List.of("AMS,Amsterdam Schiphol,Amsterdam,NL", "FRA,Frankfurt am Main,Frankfurt,DE",
            "MUC,Munich,Munich,DE", "LHR,London Heathrow,London,GB", "CDG,Paris Charles de Gaulle,Paris,FR",
            "MAD,Adolfo Suarez Madrid-Barajas,Madrid,ES", "BCN,Barcelona El Prat,Barcelona,ES", "CPH,Copenhagen Kastrup,Copenhagen,DK");
    private static final List<String> DEPARTMENTS = List.of("Engineering", "Sales", "Finance", "People", "Marketing", "Support");

    private GeneratedSchemas() {
    }

    static List<EvalSchema> all() {
        return List.of(flights(), saas(), hr());
    }

    /** flights (carrier, origin, dest, dep_time, delays, distance, status) and airports. */
    static EvalSchema flights() {
        Random r = new Random(12);
        List<String> codes = AIRPORTS.stream().map(a -> a.substring(0, 3)).toList();
        List<String> flights = rows(320, i -> {
            String origin = pick(r, codes);
            String dest = codes.get((codes.indexOf(origin) + 1 + r.nextInt(codes.size() - 1)) % codes.size());
            String status = pick(r, List.of("landed", "landed", "landed", "landed", "landed", "landed", "cancelled", "diverted"));
            String carrier = pick(r, List.of("KL", "LH", "BA", "AF", "IB", "SK", "U2"));
            LocalDateTime dep = LocalDateTime.of(2026, 3, 1, 6, 0).plusDays(i / 6).plusMinutes(35L * (i % 6) * 5 + r.nextInt(30));
            int depDelay = r.nextInt(10) < 7 ? r.nextInt(15) : 15 + r.nextInt(120);
            String delays = status.equals("cancelled") ? "," : depDelay + "," + (depDelay - 10 + r.nextInt(25));
            return i + 1 + "," + carrier + (100 + r.nextInt(900)) + "," + carrier + "," + origin + "," + dest + ","
                    + dep.format(TIMESTAMP) + "," + delays + "," + (300 + r.nextInt(1500)) + "," + status;
        });
        return EvalSchema.generated("flights",
                new Table("flights", "id,flight_number,carrier,origin,dest,dep_time,dep_delay,arr_delay,distance,status", flights),
                new Table("airports", "code,name,city,country", AIRPORTS));
    }

    /** accounts (plan, country, created_at) and their events (event_type, occurred_at, seats, revenue). */
    static EvalSchema saas() {
        Random r = new Random(34);
        List<String> accounts = rows(60, i -> i + 1 + ",Company " + (i + 1) + "," + pick(r, List.of("free", "free", "team", "business", "enterprise"))
                + "," + pick(r, List.of("NL", "DE", "US", "GB", "FR")) + "," + LocalDate.of(2025, 1, 1).plusDays(r.nextInt(420)));
        List<String> events = rows(450, i -> {
            String type = pick(r, List.of("login", "login", "login", "login", "signup", "upgrade", "downgrade", "cancel"));
            int seats = type.equals("login") ? 0 : 1 + r.nextInt(40);
            String revenue = type.equals("upgrade") || type.equals("signup") ? String.format(Locale.ROOT, "%.2f", seats * (8 + r.nextInt(30)) / 1.0) : "0.00";
            LocalDateTime at = LocalDateTime.of(2026, 2, 1, 0, 0).plusMinutes(i * 137L + r.nextInt(60));
            return i + 1 + "," + (1 + r.nextInt(60)) + "," + type + "," + at.format(TIMESTAMP) + "," + seats + "," + revenue;
        });
        return EvalSchema.generated("saas",
                new Table("accounts", "id,name,plan,country,created_at", accounts),
                new Table("events", "id,account_id,event_type,occurred_at,seats,revenue", events));
    }

    /** employees (department, job_title, location, hire and termination dates, salary, status) and departments. */
    static EvalSchema hr() {
        Random r = new Random(56);
        List<String> employees = rows(240, i -> {
            String status = pick(r, List.of("active", "active", "active", "active", "active", "terminated", "on_leave"));
            LocalDate hired = LocalDate.of(2018, 1, 1).plusDays(r.nextInt(2900));
            String left = status.equals("terminated") ? hired.plusDays(90 + r.nextInt(600)).toString() : "";
            return i + 1 + ",Person " + (i + 1) + ",person" + (i + 1) + "@example.com," + pick(r, DEPARTMENTS) + ","
                    + pick(r, List.of("Engineer", "Senior Engineer", "Account Executive", "Analyst", "Manager", "Specialist")) + ","
                    + pick(r, List.of("Amsterdam", "Berlin", "Lisbon", "Remote")) + "," + hired + "," + left + ","
                    + (38000 + 500 * r.nextInt(180)) + "," + status;
        });
        List<String> departments = rows(DEPARTMENTS.size(), i -> i + 1 + "," + DEPARTMENTS.get(i) + ",CC-" + (100 + 10 * i) + ","
                + (400000 + 150000 * i));
        return EvalSchema.generated("hr",
                new Table("employees", "id,full_name,email,department,job_title,location,hire_date,termination_date,salary,status", employees),
                new Table("departments", "id,name,cost_center,annual_budget", departments));
    }

    private static List<String> rows(int count, IntFunction<String> row) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row.apply(i));
        }
        return List.copyOf(rows);
    }

    private static String pick(Random r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }
}
