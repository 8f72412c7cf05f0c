package io.dea.governance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which columns of a table hold personal data, from two kinds of evidence: the column's
 * name, and the shape of its sampled values. Pure logic (no warehouse), so every rule is testable
 * on its own.
 *
 * <p>Values are judged strictly (an email must look like one, a card number must pass the Luhn
 * check and start like a card, a phone number needs a {@code +} or separators, because a bare run
 * of digits is more often an id than a phone), and a column is taken on its values only when most
 * of them match. A name is weaker evidence: {@code name} counts only in a table of people, and a
 * name whose values clearly say otherwise (a column {@code email} holding no {@code @}) loses half
 * its confidence. Agreement of both makes the confidence higher than either alone.
 */
public final class PiiDetector {

    /** Columns at or above this confidence are reported. */
    public static final double THRESHOLD = 0.5;
    /** The share of sampled values that must match for the values alone to tag a column. */
    static final double VALUE_SHARE = 0.6;
    /** Below this many samples the values never contradict a name. */
    private static final int CONTRADICTION_SAMPLES = 5;

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}$");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile("^" + OCTET + "(?:\\." + OCTET + "){3}$");
    private static final Pattern IPV6_FULL = Pattern.compile("^(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$");
    private static final Pattern IPV6_SHORT = Pattern.compile("^(?=.*::)(?!.*:::)[0-9A-Fa-f:]{2,39}$");
    private static final Pattern CARD_PLAIN = Pattern.compile("^\\d{13,19}$");
    private static final Pattern CARD_GROUPED = Pattern.compile("^\\d{4}(?:[ -]\\d{2,7}){1,4}$");
    private static final Pattern SSN = Pattern.compile("^(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}$");
    private static final Pattern PHONE_CHARS = Pattern.compile("^\\+?[0-9 ().\\-]{6,24}$");
    private static final Pattern DECIMAL = Pattern.compile("^\\d+\\.\\d+$");
    private static final Pattern DATE = Pattern.compile("^(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4})$");
    private static final Pattern NON_DIGIT = Pattern.compile("\\D");

    /** Tables whose rows are people: there a bare {@code name} column is a person's name. */
    private static final Set<String> PEOPLE = Set.of("customer", "user", "person", "people", "employee", "member",
            "contact", "patient", "client", "student", "subscriber", "author", "driver", "passenger", "guest", "buyer",
            "seller", "owner", "staff", "lead", "applicant", "candidate", "visitor", "profile", "shopper");

    /** How far the values alone are trusted, per kind, when all of them match. */
    private static final Map<PiiKind, Double> VALUE_RELIABILITY = new LinkedHashMap<>();

    static {
        // Order is also the tie-break when several value shapes match as often.
        VALUE_RELIABILITY.put(PiiKind.EMAIL, 0.99);
        VALUE_RELIABILITY.put(PiiKind.CARD_NUMBER, 0.95);
        VALUE_RELIABILITY.put(PiiKind.IP_ADDRESS, 0.9);
        VALUE_RELIABILITY.put(PiiKind.NATIONAL_ID, 0.85);
        VALUE_RELIABILITY.put(PiiKind.PHONE, 0.8);
    }

    /** The PII columns of a table, in column order. */
    public List<PiiColumn> detect(TableSample table) {
        boolean people = looksLikePeople(table);
        List<PiiColumn> found = new ArrayList<>();
        for (ColumnSample column : table.columns()) {
            detect(table.table(), column, people).ifPresent(found::add);
        }
        return found;
    }

    /** A table of people: its name says so, or another column holds a person's contact data. */
    static boolean looksLikePeople(TableSample table) {
        for (String token : tokens(table.table())) {
            String singular = token.endsWith("s") && !token.endsWith("ss") ? token.substring(0, token.length() - 1) : token;
            if (PEOPLE.contains(token) || PEOPLE.contains(singular)) {
                return true;
            }
        }
        return table.columns().stream()
                .map(c -> byName(c.name(), false))
                .anyMatch(h -> h != null && Set.of(PiiKind.EMAIL, PiiKind.PHONE, PiiKind.PERSON_NAME,
                        PiiKind.BIRTH_DATE, PiiKind.NATIONAL_ID).contains(h.kind()));
    }

    Optional<PiiColumn> detect(String table, ColumnSample column, boolean people) {
        NameHint name = byName(column.name(), people);
        ValueHint value = byValues(column.values());
        PiiKind kind;
        double confidence;
        String evidence;
        if (value != null && name != null && value.kind() == name.kind()) {
            kind = value.kind();
            confidence = 1 - (1 - name.confidence()) * (1 - value.confidence());
            evidence = "name '" + column.name() + "' and " + value.describe();
        } else if (value != null) {
            kind = value.kind();
            confidence = value.confidence();
            evidence = value.describe();
        } else if (name != null) {
            kind = name.kind();
            confidence = name.confidence();
            evidence = "name '" + column.name() + "'";
            List<String> values = column.values();
            if (values.size() >= CONTRADICTION_SAMPLES && hasValueShape(kind)) {
                long plausible = values.stream().filter(v -> plausible(kind, v.trim())).count();
                if (plausible < 0.1 * values.size()) {
                    confidence = confidence / 2;
                    evidence += ", but " + (values.size() - plausible) + " of " + values.size()
                            + " sampled values do not look like " + describe(kind);
                }
            }
        } else {
            return Optional.empty();
        }
        // Never certain: evidence from names and samples can always be wrong.
        double rounded = Math.min(0.99, Math.round(confidence * 100) / 100.0);
        return rounded >= THRESHOLD
                ? Optional.of(new PiiColumn(table, column.name(), kind, rounded, evidence))
                : Optional.empty();
    }

    /** What the column's name says, or null. */
    static NameHint byName(String column, boolean people) {
        List<String> tokens = tokens(column);
        String joined = String.join("", tokens);
        if (joined.contains("email")) {
            return new NameHint(PiiKind.EMAIL, 0.9);
        }
        if (joined.contains("ipaddress") || joined.contains("ipaddr") || hasAny(tokens, "ip", "ipv4", "ipv6")) {
            return new NameHint(PiiKind.IP_ADDRESS, 0.7);
        }
        if (joined.equals("card") || joined.equals("pan") || containsAny(joined, "creditcard", "cardnumber", "cardno",
                "ccnumber", "ccnum")) {
            return new NameHint(PiiKind.CARD_NUMBER, 0.85);
        }
        if (hasAny(tokens, "ssn", "nino", "passport") || containsAny(joined, "socialsecurity", "nationalid", "taxid",
                "nationalinsurance")) {
            return new NameHint(PiiKind.NATIONAL_ID, 0.9);
        }
        if (joined.contains("phone") || hasAny(tokens, "mobile", "cell", "tel", "telephone", "fax", "msisdn")) {
            return new NameHint(PiiKind.PHONE, 0.8);
        }
        if (joined.contains("birth") || hasAny(tokens, "dob")) {
            return new NameHint(PiiKind.BIRTH_DATE, 0.7);
        }
        if (endsWithAny(joined, "firstname", "lastname", "fullname", "surname", "givenname", "familyname",
                "middlename", "maidenname")) {
            return new NameHint(PiiKind.PERSON_NAME, 0.8);
        }
        if (Set.of("customername", "contactname", "personname", "employeename", "username", "displayname").contains(joined)) {
            return new NameHint(PiiKind.PERSON_NAME, 0.7);
        }
        if (people && joined.equals("name")) {
            return new NameHint(PiiKind.PERSON_NAME, 0.6);
        }
        if (joined.contains("address") || joined.contains("postalcode") || hasAny(tokens, "street", "addr", "zip",
                "zipcode", "postcode")) {
            return new NameHint(PiiKind.ADDRESS, 0.7);
        }
        return null;
    }

    /** What most of the sampled values look like, or null when no shape covers enough of them. */
    static ValueHint byValues(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        ValueHint best = null;
        for (Map.Entry<PiiKind, Double> entry : VALUE_RELIABILITY.entrySet()) {
            PiiKind kind = entry.getKey();
            int matched = (int) values.stream().filter(v -> looksLike(kind, v.trim())).count();
            double share = (double) matched / values.size();
            if (share >= VALUE_SHARE && (best == null || matched > best.matched())) {
                best = new ValueHint(kind, matched, values.size(), share * entry.getValue());
            }
        }
        return best;
    }

    /** Whether one value has the strict shape of a kind. */
    static boolean looksLike(PiiKind kind, String value) {
        return switch (kind) {
            case EMAIL -> EMAIL.matcher(value).matches();
            case IP_ADDRESS -> isIpAddress(value);
            case CARD_NUMBER -> isCardNumber(value);
            case NATIONAL_ID -> SSN.matcher(value).matches();
            case PHONE -> isPhoneNumber(value);
            default -> false;
        };
    }

    static boolean isIpAddress(String value) {
        return IPV4.matcher(value).matches() || IPV6_FULL.matcher(value).matches()
                || (IPV6_SHORT.matcher(value).matches() && value.chars().filter(c -> c == ':').count() >= 2
                && value.chars().anyMatch(Character::isLetterOrDigit));
    }

    /** 13 to 19 digits (plain or in groups), starting like a card network's numbers, passing Luhn. */
    static boolean isCardNumber(String value) {
        if (!CARD_PLAIN.matcher(value).matches() && !CARD_GROUPED.matcher(value).matches()) {
            return false;
        }
        String digits = NON_DIGIT.matcher(value).replaceAll("");
        return digits.length() >= 13 && digits.length() <= 19 && digits.charAt(0) >= '2' && digits.charAt(0) <= '6'
                && luhn(digits);
    }

    /** The Luhn check digit test every payment card number passes (and 9 in 10 random numbers fail). */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * 9 to 15 digits written as people write phone numbers: with a leading {@code +} or with
     * separators. Decimals, dates, IP addresses and social security numbers are not phones.
     */
    static boolean isPhoneNumber(String value) {
        if (!PHONE_CHARS.matcher(value).matches() || DECIMAL.matcher(value).matches() || DATE.matcher(value).matches()
                || IPV4.matcher(value).matches() || SSN.matcher(value).matches()) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '-' || first == '.') {
            return false;
        }
        int digits = NON_DIGIT.matcher(value).replaceAll("").length();
        boolean written = first == '+' || value.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(');
        return written && digits >= 9 && digits <= 15;
    }

    private static boolean hasValueShape(PiiKind kind) {
        return VALUE_RELIABILITY.containsKey(kind);
    }

    /** A loose test, only to notice values that plainly contradict a column's name. */
    private static boolean plausible(PiiKind kind, String value) {
        String digits = NON_DIGIT.matcher(value).replaceAll("");
        return switch (kind) {
            case EMAIL -> value.contains("@");
            case PHONE -> value.matches("\\+?[0-9 ().\\-]+") && digits.length() >= 7 && digits.length() <= 15;
            case CARD_NUMBER -> value.matches("[0-9 \\-]+") && digits.length() >= 12 && digits.length() <= 19;
            case IP_ADDRESS -> value.matches("[0-9A-Fa-f.:]+") && (value.contains(".") || value.contains(":"));
            case NATIONAL_ID -> digits.length() >= 6;
            default -> true;
        };
    }

    static String describe(PiiKind kind) {
        return switch (kind) {
            case EMAIL -> "email addresses";
            case PHONE -> "phone numbers";
            case CARD_NUMBER -> "card numbers (Luhn-valid)";
            case IP_ADDRESS -> "IP addresses";
            case NATIONAL_ID -> "social security numbers";
            case PERSON_NAME -> "names of people";
            case ADDRESS -> "postal addresses";
            case BIRTH_DATE -> "birth dates";
        };
    }

    /** Lower-case words of a name: {@code customerEmail}, {@code customer_email} and {@code Customer Email} agree. */
    static List<String> tokens(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return Arrays.stream(spaced.split("[^a-z0-9]+")).filter(t -> !t.isEmpty()).toList();
    }

    private static boolean hasAny(List<String> tokens, String... words) {
        for (String word : words) {
            if (tokens.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String text, String... parts) {
        for (String part : parts) {
            if (text.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithAny(String text, String... suffixes) {
        for (String suffix : suffixes) {
            if (text.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** What a column's name suggests. */
    record NameHint(PiiKind kind, double confidence) {
    }

    /** What a column's sampled values show. */
    record ValueHint(PiiKind kind, int matched, int sampled, double confidence) {
        String describe() {
            return matched + " of " + sampled + " sampled values look like " + PiiDetector.describe(kind);
        }
    }
}
