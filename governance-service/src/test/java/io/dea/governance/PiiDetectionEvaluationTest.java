package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How good the detector is, measured on a labeled corpus of generated tables (fixed seed, so the
 * figures are the same on every run). Every column's label is what the generator put in it, never
 * what the detector says.
 *
 * <p>The corpus has, for every kind, realistic values under telling names ({@code customer_email})
 * in tables of people, and under neutral names ({@code contact}, {@code col_17}) in tables that say
 * nothing; person names only under telling names (the detector finds them by name only, by design;
 * person names under neutral names are generated too and reported apart as out of scope). The
 * negatives are look-alikes: order ids, 16-digit numbers failing Luhn, tracking numbers, 9-digit ids
 * (BSN-shaped), EAN barcodes, ISBNs, versions that are not valid IPs ({@code 10.0.19045.3803},
 * {@code 300.1.2.3}), valid-looking {@code 10.2.3.4} versions and phone-shaped product codes under
 * names that say what they are ({@code firmware_version}, {@code sku}), SKUs grouped unlike phones,
 * SSN-shaped part numbers in never-issued ranges (area 9xx, 000, 666), timestamps, dates, amounts,
 * status enums, free-text comments, hashes, UUIDs, URLs, and columns whose names say PII but whose
 * values do not ({@code email_opt_in}).
 *
 * <p>Some hard cases are in on purpose, labeled as what they are, and they cost the figures: SSNs and
 * US phone numbers written as bare digits under neutral names (missed: bare digits are mostly ids),
 * valid-looking versions and a phone-shaped product code under neutral names (reported as PII: with
 * nothing to tell them apart, the detector errs on the side of the reviewer seeing them).
 *
 * <p>The generator and the detector were written by the same hands, so these figures measure the
 * detector against the formats listed here, not against every format in the wild.
 */
class PiiDetectionEvaluationTest {

    /** Fixed, so every run sees the same corpus; {@code -Dpii.eval.seed=N} tries another one. */
    private static final long SEED = Long.getLong("pii.eval.seed", 20_240_917L);
    private static final List<PiiKind> EVALUATED = List.of(PiiKind.EMAIL, PiiKind.PHONE, PiiKind.CARD_NUMBER,
            PiiKind.NATIONAL_ID, PiiKind.IP_ADDRESS, PiiKind.PERSON_NAME);

    private final PiiDetector detector = new PiiDetector();

    @Test
    void shouldFindGeneratedPiiWithHighPrecisionAndRecall() {
        Corpus corpus = new Corpus(new Random(SEED));
        corpus.generate();

        Map<String, PiiKind> predicted = new HashMap<>();
        for (TableSample table : corpus.tables()) {
            for (PiiColumn found : detector.detect(table)) {
                predicted.put(found.qualified(), found.kind());
            }
        }

        List<Labeled> scored = corpus.labels.stream().filter(l -> !l.outOfScope()).toList();
        Map<PiiKind, int[]> perKind = new EnumMap<>(PiiKind.class); // actual, found, correct
        int actual = 0;
        int found = 0;
        int correct = 0;
        List<String> mistakes = new ArrayList<>();
        for (Labeled column : scored) {
            PiiKind guess = predicted.get(column.qualified());
            if (column.label() != null) {
                actual++;
                perKind.computeIfAbsent(column.label(), k -> new int[3])[0]++;
            }
            if (guess != null) {
                found++;
                perKind.computeIfAbsent(guess, k -> new int[3])[1]++;
            }
            if (guess != null && guess == column.label()) {
                correct++;
                perKind.get(guess)[2]++;
            } else if (guess != column.label()) {
                mistakes.add(String.format(Locale.ROOT, "  %-28s %-36s labeled %-12s found %-12s e.g. %s", column.qualified(),
                        column.scenario(), id(column.label()), id(guess), column.example()));
            }
        }
        double precision = (double) correct / found;
        double recall = (double) correct / actual;

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "PII detection on %d generated columns in %d tables (seed %d)%n",
                scored.size(), corpus.tables().size(), SEED));
        report.append(String.format(Locale.ROOT, "%-12s %8s %6s %8s %10s %7s%n", "kind", "labeled", "found", "correct",
                "precision", "recall"));
        for (PiiKind kind : EVALUATED) {
            int[] n = perKind.getOrDefault(kind, new int[3]);
            report.append(String.format(Locale.ROOT, "%-12s %8d %6d %8d %10s %7s%n", kind.id(), n[0], n[1], n[2],
                    ratio(n[2], n[1]), ratio(n[2], n[0])));
        }
        report.append(String.format(Locale.ROOT, "%-12s %8d %6d %8d %10s %7s%n", "overall", actual, found, correct,
                ratio(correct, found), ratio(correct, actual)));
        long negatives = scored.stream().filter(l -> l.label() == null).count();
        long flagged = scored.stream().filter(l -> l.label() == null && predicted.containsKey(l.qualified())).count();
        report.append(String.format(Locale.ROOT, "not PII: %d look-alike columns, %d flagged%n", negatives, flagged));
        List<Labeled> outOfScope = corpus.labels.stream().filter(Labeled::outOfScope).toList();
        report.append(String.format(Locale.ROOT,
                "out of scope, not scored: %d person-name columns under neutral names, %d found (names are found by column name only)%n",
                outOfScope.size(), outOfScope.stream().filter(l -> predicted.containsKey(l.qualified())).count()));
        report.append("mistakes (").append(mistakes.size()).append("):\n");
        mistakes.forEach(m -> report.append(m).append('\n'));
        System.out.print(report);

        assertThat(scored).hasSizeGreaterThanOrEqualTo(200);
        for (PiiKind kind : EVALUATED) {
            assertThat(scored).as("telling names for " + kind)
                    .anyMatch(l -> l.label() == kind && l.scenario().startsWith("telling"));
            if (kind != PiiKind.PERSON_NAME) {
                assertThat(scored).as("neutral names for " + kind)
                        .anyMatch(l -> l.label() == kind && l.scenario().startsWith("neutral"));
            }
        }
        assertThat(recall).as(report.toString()).isGreaterThanOrEqualTo(0.95);
        assertThat(precision).as(report.toString()).isGreaterThanOrEqualTo(0.90);
    }

    private static String id(PiiKind kind) {
        return kind == null ? "-" : kind.id();
    }

    private static String ratio(int part, int whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", (double) part / whole);
    }

    /** One generated column and what the generator put in it: a kind, or null for no PII. */
    record Labeled(String table, String column, PiiKind label, String scenario, String example, boolean outOfScope) {
        String qualified() {
            return table + "." + column;
        }
    }

    /** The generated tables and their labels. */
    static final class Corpus {

        private static final List<String> FIRST = List.of("Ada", "Grace", "Alan", "Linus", "Margaret", "Katherine",
                "Tim", "Barbara", "Edsger", "Donald", "Frances", "Ken", "Dennis", "Radia", "Hedy", "Annie", "John",
                "Maria", "Wei", "Yuki", "Sofia", "Lucas", "Emma", "Noah", "Olivia", "Liam", "Mia", "Mohammed", "Fatima",
                "Pieter", "Sanne", "Jan", "Anouk", "Hiroshi", "Priya", "Arjun", "Chen", "Inès", "Mateo", "Zoë");
        private static final List<String> LAST = List.of("Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton",
                "Johnson", "Berners-Lee", "Liskov", "Dijkstra", "Knuth", "Allen", "Thompson", "Ritchie", "Perlman",
                "Lamarr", "Easley", "Smith", "Garcia", "Wang", "Tanaka", "Rossi", "Müller", "de Vries", "Jansen",
                "Bakker", "O'Brien", "Nguyen", "Kim", "Patel", "Singh", "Silva", "Kowalski", "Novak", "Ivanova",
                "Dubois", "Martin", "Okafor", "Haddad", "Cohen", "Andersson");
        private static final List<String> DOMAINS = List.of("example.com", "example.org", "mail.example.net",
                "corp.example.co.uk", "gmail.com", "outlook.com", "uni-example.edu", "example.nl", "example.de");
        private static final List<String> PRODUCTS = List.of("Desk Lamp", "Oak Table", "Office Chair", "USB-C Cable",
                "Coffee Mug", "Notebook A5", "Standing Desk", "Monitor Arm", "Paris Poster", "Jordan Sneakers",
                "Victoria Sponge Mix", "Hamilton Watch", "Wireless Mouse", "Tea Kettle", "Bike Helmet");
        private static final List<String> NEUTRAL = List.of("contact", "col", "value", "field", "attr", "data", "c",
                "info", "extra", "key", "ref", "text", "misc", "column", "f", "val", "detail", "payload", "x", "source",
                "target", "entry", "reach", "origin", "code", "raw", "v");
        private static final List<String> WORDS = List.of("customer", "asked", "about", "delivery", "the", "parcel",
                "arrived", "late", "refund", "issued", "please", "check", "again", "tomorrow", "box", "was", "damaged",
                "resolved", "escalated", "to", "team", "no", "reply", "yet", "order", "size", "exchange", "wrong",
                "colour", "happy", "with", "service");

        final List<Labeled> labels = new ArrayList<>();
        private final Map<String, List<ColumnSample>> tables = new LinkedHashMap<>();
        private final Random random;
        private int kindTurn;

        Corpus(Random random) {
            this.random = random;
        }

        List<TableSample> tables() {
            return tables.entrySet().stream().map(e -> new TableSample(e.getKey(), e.getValue())).toList();
        }

        void generate() {
            for (int t = 1; t <= 20; t++) {
                peopleTable(t);
            }
            for (int t = 1; t <= 16; t++) {
                neutralTable(t);
            }
            for (int t = 1; t <= 12; t++) {
                thingTable(t);
            }
            hardCases();
        }

        // ------------------------------------------------------------------ tables

        /** A table of people: PII under the names people give such columns, and ordinary columns beside. */
        private void peopleTable(int t) {
            String table = pick("customers", "users", "employees", "patients", "members", "contacts") + "_" + t;
            add(table, "id", null, "ordinary", sequentialIds());
            int kinds = 3 + random.nextInt(3);
            for (int i = 0; i < kinds; i++) {
                PiiKind kind = nextKind(List.of(PiiKind.EMAIL, PiiKind.PHONE, PiiKind.CARD_NUMBER, PiiKind.NATIONAL_ID,
                        PiiKind.IP_ADDRESS));
                tellingColumn(table, kind);
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    add(table, pick("first_name", "FirstName", "given_name", "forename"), PiiKind.PERSON_NAME,
                            "telling name", noisy(() -> pick(FIRST)));
                    add(table, pick("last_name", "LastName", "surname", "family_name"), PiiKind.PERSON_NAME,
                            "telling name", noisy(() -> pick(LAST)));
                }
                case 1 -> add(table, pick("full_name", "customer_name", "contact_name", "display_name", "cardholder_name"),
                        PiiKind.PERSON_NAME, "telling name", noisy(this::fullName));
                default -> add(table, "name", PiiKind.PERSON_NAME, "telling name (people table)", noisy(this::fullName));
            }
            add(table, "status", null, "look-alike: status enum", values(() -> pick("active", "churned", "trial", "paused")));
            add(table, pick("created_at", "signup_ts", "updated_at"), null, "look-alike: timestamp", timestamps());
            add(table, pick("lifetime_value", "balance", "amount"), null, "look-alike: amount", amounts());
            switch (random.nextInt(4)) {
                case 0 -> add(table, "email_opt_in", null, "look-alike: PII name, bool", values(() -> pick("true", "false")));
                case 1 -> add(table, "phone_verified", null, "look-alike: PII name, bool", values(() -> pick("Y", "N")));
                case 2 -> add(table, "ip_country", null, "look-alike: PII name, country", values(() -> pick("US", "NL", "DE", "GB", "IN")));
                default -> add(table, "email_bounce_count", null, "look-alike: PII name, count",
                        values(() -> Integer.toString(random.nextInt(4))));
            }
        }

        private void tellingColumn(String table, PiiKind kind) {
            switch (kind) {
                case EMAIL -> add(table, pick("email", "e_mail", "customer_email", "contactEmail", "EmailAddress",
                        "work_email", "billing_email"), kind, "telling name", noisy(this::email));
                case PHONE -> add(table, pick("phone", "phone_number", "mobile", "telephone", "fax", "msisdn",
                        "contact_number", "PhoneNo", "home_phone", "cell"), kind, "telling name", phones());
                case CARD_NUMBER -> add(table, pick("card_number", "cc_number", "credit_card", "pan", "CardNo",
                        "payment_card_number"), kind, "telling name", cards());
                case NATIONAL_ID -> {
                    int scheme = random.nextInt(3);
                    String name = switch (scheme) {
                        case 0 -> pick("ssn", "social_security_number", "SSN", "national_id", "tax_id");
                        case 1 -> pick("nino", "national_insurance_number", "NINO");
                        default -> pick("bsn", "burgerservicenummer", "citizen_service_number", "national_id");
                    };
                    add(table, name, kind, "telling name", nationalIds(scheme));
                }
                case IP_ADDRESS -> add(table, pick("ip", "ip_address", "client_ip", "remote_addr", "src_ip", "last_login_ip",
                        "ipv6"), kind, "telling name", ips());
                default -> throw new IllegalArgumentException(kind.toString());
            }
        }

        /** A table that says nothing: PII and look-alikes under neutral names. */
        private void neutralTable(int t) {
            String table = pick("raw_feed", "stg_import", "events", "t", "batch_load", "sheet") + "_" + t;
            List<String> names = new ArrayList<>(NEUTRAL);
            for (int i = 0; i < 4; i++) {
                PiiKind kind = nextKind(List.of(PiiKind.EMAIL, PiiKind.PHONE, PiiKind.CARD_NUMBER, PiiKind.NATIONAL_ID,
                        PiiKind.IP_ADDRESS));
                String name = neutralName(names);
                List<String> values = switch (kind) {
                    case EMAIL -> noisy(this::email);
                    case PHONE -> phones();
                    case CARD_NUMBER -> cards();
                    case NATIONAL_ID -> nationalIds(random.nextInt(3));
                    default -> ips();
                };
                add(table, name, kind, "neutral name", values);
            }
            for (int i = 0; i < 3; i++) {
                int which = random.nextInt(20);
                String name = neutralName(names);
                switch (which) {
                    case 0 -> add(table, name, null, "look-alike: 16 digits, no Luhn", values(this::luhnFailing16));
                    case 1 -> add(table, name, null, "look-alike: tracking number", values(this::trackingNumber));
                    case 2 -> add(table, name, null, "look-alike: version, not IP", values(this::versionNotIp));
                    case 3 -> add(table, name, null, "look-alike: timestamp", timestamps());
                    case 4 -> add(table, name, null, "look-alike: amount", amounts());
                    case 5 -> add(table, name, null, "look-alike: SKU, not phone", values(this::skuNotPhone));
                    case 6 -> add(table, name, null, "look-alike: status enum", values(() -> pick("paid", "shipped",
                            "returned", "pending", "cancelled")));
                    case 7 -> add(table, name, null, "look-alike: comment", values(this::comment));
                    case 8 -> add(table, name, null, "look-alike: hash", values(this::hash));
                    case 9 -> add(table, name, null, "look-alike: EAN-13", values(this::ean13));
                    case 10 -> add(table, name, null, "look-alike: ISBN", values(this::isbn));
                    case 11 -> add(table, name, null, "look-alike: 9-digit id", values(this::nineDigits));
                    case 12 -> add(table, name, null, "look-alike: SSN shape, never issued", values(this::neverIssuedSsn));
                    case 13 -> add(table, name, null, "look-alike: zero-padded id", values(() -> String.format("%010d",
                            random.nextInt(2_000_000))));
                    case 14 -> add(table, name, null, "look-alike: date", values(this::date));
                    case 15 -> add(table, name, null, "look-alike: URL or host", values(this::url));
                    case 16 -> add(table, name, null, "look-alike: UUID", values(() -> new UUID(random.nextLong(),
                            random.nextLong()).toString()));
                    case 17 -> add(table, name, null, "look-alike: order code", values(this::orderCode));
                    case 18 -> add(table, name, null, "look-alike: percentage", values(() -> String.format(Locale.ROOT,
                            "%.1f%%", random.nextDouble() * 100)));
                    default -> add(table, name, null, "look-alike: time of day", values(() -> String.format("%02d:%02d:%02d",
                            random.nextInt(24), random.nextInt(60), random.nextInt(60))));
                }
            }
        }

        /** A table of things (products, orders, builds): look-alikes under the names that say what they are. */
        private void thingTable(int t) {
            switch (t % 3) {
                case 0 -> {
                    String table = pick("products", "inventory", "catalog") + "_" + t;
                    add(table, "id", null, "ordinary", sequentialIds());
                    add(table, "name", null, "look-alike: product name", values(() -> pick(PRODUCTS)));
                    add(table, pick("sku", "item_code", "article_no"), null, "look-alike: SKU, not phone", values(this::skuNotPhone));
                    add(table, pick("product_code", "sku_alt", "model_number"), null, "look-alike: phone-shaped code, named",
                            values(this::nanpShaped));
                    add(table, "barcode", null, "look-alike: EAN-13", values(this::ean13));
                    add(table, "isbn", null, "look-alike: ISBN", values(this::isbn));
                    add(table, "price", null, "look-alike: amount", amounts());
                }
                case 1 -> {
                    String table = pick("orders", "shipments", "invoices") + "_" + t;
                    add(table, "order_id", null, "look-alike: 16 digits, no Luhn", values(this::luhnFailing16));
                    add(table, "order_number", null, "look-alike: 9-digit id", values(this::nineDigits));
                    add(table, "tracking_number", null, "look-alike: tracking number", values(this::trackingNumber));
                    add(table, "customer_id", null, "ordinary", values(() -> Integer.toString(1 + random.nextInt(5000))));
                    add(table, "amount", null, "look-alike: amount", amounts());
                    add(table, "status", null, "look-alike: status enum", values(() -> pick("paid", "shipped", "returned")));
                    add(table, "ordered_at", null, "look-alike: timestamp", timestamps());
                    add(table, "comment", null, "look-alike: comment", values(this::comment));
                    add(table, "reference", null, "look-alike: order code", values(this::orderCode));
                }
                default -> {
                    String table = pick("builds", "devices", "releases") + "_" + t;
                    add(table, pick("firmware_version", "app_version", "build_version"), null,
                            "look-alike: IP-shaped version, named", values(this::versionLikeIp));
                    add(table, pick("release", "semver", "version"), null, "look-alike: version, not IP", values(this::versionNotIp));
                    add(table, pick("build_hash", "checksum", "sha256"), null, "look-alike: hash", values(this::hash));
                    add(table, pick("part_no", "part_number"), null, "look-alike: SSN shape, never issued",
                            values(this::neverIssuedSsn));
                    add(table, pick("part_code", "model_no"), null, "look-alike: SSN-shaped code, named",
                            values(this::issuableSsn));
                    add(table, "released_at", null, "look-alike: timestamp", timestamps());
                    add(table, "download_url", null, "look-alike: URL or host", values(this::url));
                }
            }
        }

        /** Cases the detector is known to get wrong; they stay in the figures. */
        private void hardCases() {
            String table = "legacy_dump";
            List<String> names = new ArrayList<>(NEUTRAL);
            for (int i = 0; i < 2; i++) {
                add(table, neutralName(names), PiiKind.NATIONAL_ID, "neutral name, hard: bare SSN",
                        values(() -> issuableSsn().replace("-", "")));
                add(table, neutralName(names), PiiKind.PHONE, "neutral name, hard: bare US phone",
                        values(() -> nanpShaped().replace("-", "")));
            }
            add(table, neutralName(names), null, "hard: IP-shaped version, neutral", values(this::versionLikeIp));
            add(table, neutralName(names), null, "hard: phone-shaped code, neutral", values(this::nanpShaped));
            // Person names under neutral names: PII, but outside what the detector looks for.
            for (int i = 0; i < 6; i++) {
                String t = i < 3 ? table : "stg_import_" + (1 + i);
                List<String> values = noisy(i % 2 == 0 ? this::fullName : () -> pick(FIRST));
                add(t, neutralName(names) + "_p", PiiKind.PERSON_NAME, "neutral name (out of scope)", values, true);
            }
        }

        // ------------------------------------------------------------------ PII values

        private String email() {
            String first = ascii(pick(FIRST));
            String last = ascii(pick(LAST));
            String domain = pick(DOMAINS);
            String local = switch (random.nextInt(6)) {
                case 0 -> first + "." + last;
                case 1 -> first.charAt(0) + "." + last + random.nextInt(100);
                case 2 -> first + "_" + last + "+" + pick("news", "shop", "work");
                case 3 -> (first + "." + last).toUpperCase(Locale.ROOT);
                case 4 -> first + last + (1950 + random.nextInt(60));
                default -> last + "." + first;
            };
            return local + "@" + (random.nextInt(5) == 0 ? domain.toUpperCase(Locale.ROOT) : domain);
        }

        /** A column of phone numbers in one to three of the formats people use. */
        private List<String> phones() {
            List<Supplier<String>> formats = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                int format = random.nextInt(20);
                formats.add(() -> phone(format));
            }
            return noisy(() -> formats.get(random.nextInt(formats.size())).get());
        }

        private String phone(int format) {
            return switch (format) {
                case 0 -> nanpShaped();
                case 1 -> "(" + area() + ") " + digits3(2) + "-" + digits(4);
                case 2 -> area() + "." + digits3(2) + "." + digits(4);
                case 3 -> "+1 " + area() + "-" + digits3(2) + "-" + digits(4);
                case 4 -> "+1" + area() + digits3(2) + digits(4);
                case 5 -> "+44 20 " + digits(4) + " " + digits(4);
                case 6 -> "+44 7" + digits(3) + " " + digits(6);
                case 7 -> "020 " + digits(4) + " " + digits(4);
                case 8 -> "07" + digits(3) + " " + digits(6);
                case 9 -> "+49 30 " + digits(8);
                case 10 -> "0" + (151 + random.nextInt(29)) + " " + digits(7);
                case 11 -> "+33 " + (1 + random.nextInt(7)) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
                case 12 -> "0" + (1 + random.nextInt(7)) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
                case 13 -> "+31 6 " + digits(8);
                case 14 -> "06-" + digits(8);
                case 15 -> "06" + digits(8);
                case 16 -> "+91 9" + digits(4) + " " + digits(5);
                case 17 -> "03-" + digits(4) + "-" + digits(4);
                case 18 -> "0044 20 " + digits(4) + " " + digits(4);
                default -> "(0" + (2 + random.nextInt(7)) + ") " + digits(4) + " " + digits(4);
            };
        }

        private List<String> cards() {
            int style = random.nextInt(3);
            return noisy(() -> {
                String card = card();
                return switch (style) {
                    case 0 -> card;
                    case 1 -> group(card, " ");
                    default -> group(card, "-");
                };
            });
        }

        private String card() {
            String[][] networks = {{"4", "16"}, {"4", "13"}, {"4", "19"}, {"51", "16"}, {"55", "16"}, {"2221", "16"},
                    {"2720", "16"}, {"34", "15"}, {"37", "15"}, {"6011", "16"}, {"65", "16"}, {"35", "16"}, {"36", "14"},
                    {"62", "18"}};
            String[] network = networks[random.nextInt(networks.length)];
            String payload = network[0] + digits(Integer.parseInt(network[1]) - network[0].length() - 1);
            return payload + luhnDigit(payload);
        }

        private static String group(String card, String separator) {
            int[] sizes = switch (card.length()) {
                case 15 -> new int[] {4, 6, 5};
                case 14 -> new int[] {4, 6, 4};
                case 13 -> new int[] {4, 3, 3, 3};
                default -> new int[] {4, 4, 4, 4, 4};
            };
            StringBuilder grouped = new StringBuilder();
            int at = 0;
            for (int size : sizes) {
                if (at >= card.length()) {
                    break;
                }
                int end = Math.min(card.length(), at + size);
                grouped.append(at == 0 ? "" : separator).append(card, at, end);
                at = end;
            }
            return grouped.toString();
        }

        /** 0: US SSN, 1: UK NINO, 2: Dutch BSN. */
        private List<String> nationalIds(int scheme) {
            boolean spaced = random.nextBoolean();
            return noisy(() -> switch (scheme) {
                case 0 -> issuableSsn();
                case 1 -> nino(spaced);
                default -> bsn();
            });
        }

        private String issuableSsn() {
            int area;
            do {
                area = 1 + random.nextInt(899);
            } while (area == 666);
            return String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
        }

        private String nino(boolean spaced) {
            String first = "ABCEGHJKLMNOPRSTWXYZ";
            String second = "ABCEGHJKLMNPRSTWXYZ";
            String prefix;
            do {
                prefix = "" + first.charAt(random.nextInt(first.length())) + second.charAt(random.nextInt(second.length()));
            } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
            String d = digits(6);
            char suffix = "ABCD".charAt(random.nextInt(4));
            return spaced ? prefix + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + suffix
                    : prefix + d + suffix;
        }

        private String bsn() {
            while (true) {
                String d = (1 + random.nextInt(9)) + digits(7);
                int sum = 0;
                for (int i = 0; i < 8; i++) {
                    sum += (9 - i) * (d.charAt(i) - '0');
                }
                int check = sum % 11;
                if (check < 10) {
                    return d + check;
                }
            }
        }

        /** A column of IP addresses: IPv4, IPv6 or both. */
        private List<String> ips() {
            int mode = random.nextInt(3);
            return noisy(() -> mode == 0 || (mode == 2 && random.nextBoolean()) ? ipv4() : ipv6());
        }

        private String ipv4() {
            return switch (random.nextInt(4)) {
                case 0 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
                case 1 -> "192.168." + random.nextInt(256) + "." + (1 + random.nextInt(254));
                case 2 -> "172." + (16 + random.nextInt(16)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
                default -> (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + (1 + random.nextInt(254));
            };
        }

        private String ipv6() {
            return switch (random.nextInt(4)) {
                case 0 -> String.format("2001:0db8:%04x:%04x:%04x:%04x:%04x:%04x", random.nextInt(65536), random.nextInt(65536),
                        random.nextInt(65536), random.nextInt(65536), random.nextInt(65536), random.nextInt(65536));
                case 1 -> String.format("2001:db8:%x::%x:%x", random.nextInt(65536), random.nextInt(65536), random.nextInt(65536));
                case 2 -> String.format("fe80::%x:%x:%x:%x", random.nextInt(65536), random.nextInt(65536), random.nextInt(65536),
                        random.nextInt(65536));
                default -> "::ffff:" + ipv4();
            };
        }

        private String fullName() {
            return random.nextInt(8) == 0 ? pick(LAST) + ", " + pick(FIRST) : pick(FIRST) + " " + pick(LAST);
        }

        // ------------------------------------------------------------------ look-alike values

        private List<String> sequentialIds() {
            int start = 1 + random.nextInt(100_000);
            int n = size();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(Integer.toString(start + i));
            }
            return ids;
        }

        private String luhnFailing16() {
            String payload = pick("4", "5") + digits(14);
            return payload + (char) ('0' + (luhnDigit(payload) - '0' + 1 + random.nextInt(9)) % 10);
        }

        private String trackingNumber() {
            return (1 + random.nextInt(9)) + digits(11 + random.nextInt(11));
        }

        /** Four-part versions with a part over 255 (build numbers), or three-part semver: never valid IPv4. */
        private String versionNotIp() {
            return switch (random.nextInt(3)) {
                case 0 -> "10.0." + (10_000 + random.nextInt(16_000)) + "." + random.nextInt(5000);
                case 1 -> (256 + random.nextInt(700)) + "." + random.nextInt(10) + "." + random.nextInt(10) + "." + random.nextInt(10);
                default -> random.nextInt(20) + "." + random.nextInt(30) + "." + random.nextInt(100);
            };
        }

        /** Versions like 10.2.3.4: valid IPv4 by shape. */
        private String versionLikeIp() {
            return (1 + random.nextInt(12)) + "." + random.nextInt(10) + "." + random.nextInt(20) + "." + random.nextInt(50);
        }

        /** Product codes with digits grouped unlike any phone number. */
        private String skuNotPhone() {
            return switch (random.nextInt(5)) {
                case 0 -> (1 + random.nextInt(9)) + digits(1) + "-" + digits(4) + "-" + digits(3);
                case 1 -> (1 + random.nextInt(9)) + digits(2) + "-" + digits(4) + "-" + digits(3);
                case 2 -> (1 + random.nextInt(9)) + digits(3) + "-" + digits(4);
                case 3 -> "1" + digits(2) + "-" + digits(3) + "-" + digits(4);
                default -> (1 + random.nextInt(9)) + digits(2) + "." + digits(3) + "." + digits(2);
            };
        }

        /** Three-three-four digits with a valid North American area code and exchange. */
        private String nanpShaped() {
            return area() + "-" + digits3(2) + "-" + digits(4);
        }

        private String neverIssuedSsn() {
            return switch (random.nextInt(5)) {
                case 0, 1 -> String.format("%03d-%02d-%04d", 900 + random.nextInt(100), random.nextInt(100), random.nextInt(10000));
                case 2 -> String.format("666-%02d-%04d", random.nextInt(100), random.nextInt(10000));
                case 3 -> String.format("%03d-00-%04d", 1 + random.nextInt(899), random.nextInt(10000));
                default -> String.format("%03d-%02d-0000", 1 + random.nextInt(899), random.nextInt(100));
            };
        }

        private String ean13() {
            String payload = pick("40", "42", "50", "87", "54", "30", "76", "80") + digits(10);
            int sum = 0;
            for (int i = 0; i < 12; i++) {
                sum += (payload.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
            }
            return payload + (10 - sum % 10) % 10;
        }

        private String isbn() {
            return "978-" + (random.nextInt(9)) + "-" + digits(3) + "-" + digits(5) + "-" + random.nextInt(10);
        }

        private String nineDigits() {
            return (1 + random.nextInt(9)) + digits(8);
        }

        private String orderCode() {
            return switch (random.nextInt(3)) {
                case 0 -> "ORD-2024-" + digits(6);
                case 1 -> "SO" + digits(8);
                default -> "INV/" + (2020 + random.nextInt(5)) + "/" + digits(5);
            };
        }

        private List<String> timestamps() {
            int style = random.nextInt(6);
            return values(() -> {
                int day = 1 + random.nextInt(28);
                int month = 1 + random.nextInt(12);
                int h = random.nextInt(24);
                int m = random.nextInt(60);
                int s = random.nextInt(60);
                return switch (style) {
                    case 0 -> String.format("2024-%02d-%02d %02d:%02d:%02d", month, day, h, m, s);
                    case 1 -> String.format("2024-%02d-%02dT%02d:%02d:%02dZ", month, day, h, m, s);
                    case 2 -> String.format("2024-%02d-%02dT%02d:%02d:%02d.%03d+01:00", month, day, h, m, s, random.nextInt(1000));
                    case 3 -> Long.toString(1_700_000_000L + random.nextInt(50_000_000));
                    case 4 -> Long.toString(1_700_000_000_000L + (long) random.nextInt(1_000_000_000) * 50);
                    default -> String.format("%02d/%02d/2024 %02d:%02d", day, month, h, m);
                };
            });
        }

        private String date() {
            int day = 1 + random.nextInt(28);
            int month = 1 + random.nextInt(12);
            return switch (random.nextInt(3)) {
                case 0 -> String.format("2024-%02d-%02d", month, day);
                case 1 -> String.format("%02d.%02d.2023", day, month);
                default -> String.format("%02d/%02d/2022", month, day);
            };
        }

        private List<String> amounts() {
            int style = random.nextInt(4);
            return values(() -> {
                double amount = Math.exp(random.nextDouble() * 12) / 10;
                return switch (style) {
                    case 0 -> String.format(Locale.ROOT, "%.2f", amount);
                    case 1 -> String.format(Locale.ROOT, "%s%.2f", random.nextInt(5) == 0 ? "-" : "", amount);
                    case 2 -> String.format(Locale.US, "%,.2f", amount);
                    default -> String.format(Locale.GERMANY, "€ %,.2f", amount);
                };
            });
        }

        private String comment() {
            int n = 4 + random.nextInt(10);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? "" : " ").append(pick(WORDS));
                if (random.nextInt(10) == 0) {
                    text.append(" #").append(1000 + random.nextInt(90000));
                }
            }
            text.setCharAt(0, Character.toUpperCase(text.charAt(0)));
            return text.append('.').toString();
        }

        private String hash() {
            try {
                String algorithm = pick("MD5", "SHA-1", "SHA-256");
                byte[] digest = MessageDigest.getInstance(algorithm).digest(digits(12).getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder();
                for (byte b : digest) {
                    hex.append(String.format("%02x", b));
                }
                return hex.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String url() {
            return random.nextBoolean() ? "https://shop.example.com/p/" + digits(5) + "?ref=" + pick("mail", "ad", "home")
                    : pick("web", "api", "db") + "-" + digits(2) + "." + pick("prod", "stage") + ".example.net";
        }

        // ------------------------------------------------------------------ helpers

        private void add(String table, String column, PiiKind label, String scenario, List<String> values) {
            add(table, column, label, scenario, values, false);
        }

        private void add(String table, String column, PiiKind label, String scenario, List<String> values,
                boolean outOfScope) {
            List<ColumnSample> columns = tables.computeIfAbsent(table, t -> new ArrayList<>());
            if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                return; // a table has each column once; a repeated pick adds nothing
            }
            columns.add(new ColumnSample(column, "VARCHAR", values));
            labels.add(new Labeled(table, column, label, scenario,
                    values.stream().filter(v -> !v.isBlank()).findFirst().orElse(""), outOfScope));
        }

        /** PII kinds in turn, so each gets about as many columns. */
        private PiiKind nextKind(List<PiiKind> kinds) {
            return kinds.get(kindTurn++ % kinds.size());
        }

        private String neutralName(List<String> names) {
            String word = names.remove(random.nextInt(names.size()));
            return switch (random.nextInt(3)) {
                case 0 -> word;
                case 1 -> word + "_" + (1 + random.nextInt(40));
                default -> word + (1 + random.nextInt(9));
            };
        }

        /** Sample sizes as the sampler gives them: up to 200, fewer for small tables. */
        private int size() {
            return 20 + random.nextInt(130);
        }

        private List<String> values(Supplier<String> value) {
            int n = size();
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(value.get());
            }
            return values;
        }

        /** Real PII columns are not clean: up to 12% blanks, placeholders and typos. */
        private List<String> noisy(Supplier<String> value) {
            double junk = random.nextDouble() * 0.12;
            return values(() -> random.nextDouble() >= junk ? value.get()
                    : pick("", " ", "n/a", "unknown", "-", "NULL", "test", "?"));
        }

        private String area() {
            return digits3(2);
        }

        /** Three digits, the first from 2-9 (North American area codes and exchanges). */
        private String digits3(int lowest) {
            return (lowest + random.nextInt(10 - lowest)) + digits(2);
        }

        private String digits(int n) {
            StringBuilder d = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                d.append((char) ('0' + random.nextInt(10)));
            }
            return d.toString();
        }

        private static char luhnDigit(String payload) {
            int sum = 0;
            boolean doubled = true;
            for (int i = payload.length() - 1; i >= 0; i--) {
                int d = payload.charAt(i) - '0';
                if (doubled) {
                    d *= 2;
                    if (d > 9) {
                        d -= 9;
                    }
                }
                sum += d;
                doubled = !doubled;
            }
            return (char) ('0' + (10 - sum % 10) % 10);
        }

        private static String ascii(String name) {
            return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[^A-Za-z'-]", "")
                    .toLowerCase(Locale.ROOT);
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        private String pick(List<String> options) {
            return options.get(random.nextInt(options.size()));
        }
    }
}
