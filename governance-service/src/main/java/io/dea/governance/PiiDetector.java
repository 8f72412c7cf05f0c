package io.dea.governance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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
 * <p>Values are judged strictly: an email must look like one; a card number must have 13 to 19
 * digits (plain or in groups), start like a card network's numbers and pass the Luhn check; a
 * phone number must be written as people write phone numbers (international with {@code +} or
 * {@code 00}, North American {@code (415) 555-0100}, or national with a trunk {@code 0} such as
 * {@code 020 7946 0958}), because a bare run of digits is more often an id; a national id is a US
 * SSN without its never-issued ranges, a UK National Insurance number or a Dutch BSN passing its
 * 11-check; an IP address is a valid IPv4 or IPv6 address. A column is taken on its values only
 * when most of its non-blank values match one kind.
 *
 * <p>A name is weaker evidence: {@code name} counts only in a table of people, a person's name is
 * found only by the column's name (values cannot tell "Paris" the person from Paris the city), and a
 * name whose values plainly say otherwise (a column {@code email_opt_in} holding no {@code @}) loses
 * half its confidence. A name that says the column describes a thing ({@code sku},
 * {@code firmware_version}, {@code product_code}) halves the confidence of the value shapes such
 * codes share with phones, IP addresses and national ids, which drops them below the threshold:
 * {@code 10.2.3.4} under {@code firmware_version} is a version, under {@code col_17} an address.
 * Cards and emails are not doubted that way: a Luhn-valid card or an email leaks whatever the column
 * is called. Agreement of name and values makes the confidence higher than either alone.
 */
public final class PiiDetector {

    /** Columns at or above this confidence are reported. */
    public static final double THRESHOLD = 0.5;
    /** The share of non-blank sampled values that must match for the values alone to tag a column. */
    static final double VALUE_SHARE = 0.6;
    /** Below this many samples the values never contradict a name. */
    private static final int CONTRADICTION_SAMPLES = 5;
    /** How much a name saying "this is a product code or version" takes from a value shape it shares. */
    private static final double THING_NAME_DOUBT = 0.5;

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}$");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile("^" + OCTET + "(?:\\." + OCTET + "){3}$");
    private static final Pattern HEX_GROUP = Pattern.compile("^[0-9A-Fa-f]{1,4}$");
    private static final Pattern CARD_PLAIN = Pattern.compile("^\\d{13,19}$");
    private static final Pattern CARD_GROUPED = Pattern.compile("^\\d{4}(?:[ -]\\d{2,7}){1,4}$");
    /** US SSN: never issued with area 000, 666 or 900-999, group 00 or serial 0000. */
    private static final Pattern SSN = Pattern.compile("^(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}$");
    /**
     * UK National Insurance number: two prefix letters (D, F, I, Q, U, V never; O never second;
     * BG, GB, KN, NK, NT, TN, ZZ never allocated), six digits, suffix A-D; spaces as printed.
     */
    private static final Pattern NINO = Pattern.compile(
            "^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]$");
    /** Dutch BSN: nine digits (also written 1234.56.782), checked with the 11-check. */
    private static final Pattern BSN = Pattern.compile("^\\d{9}$|^\\d{4}\\.\\d{2}\\.\\d{3}$");
    private static final Pattern PHONE_CHARS = Pattern.compile("^\\+?[0-9 ().\\-/]{6,24}$");
    /** North American numbering plan: area code and exchange start with 2-9; separators required. */
    private static final Pattern NANP = Pattern.compile(
            "^(?:1[ .-]?)?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-])[2-9]\\d{2}[ .-]\\d{4}$");
    private static final Pattern DECIMAL = Pattern.compile("^\\d+\\.\\d+$");
    private static final Pattern DATE = Pattern.compile("^(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4})$");
    private static final Pattern NON_DIGIT = Pattern.compile("\\D");

    /** Tables whose rows are people: there a bare {@code name} column is a person's name. */
    private static final Set<String> PEOPLE = Set.of("customer", "user", "person", "people", "employee", "member",
            "contact", "patient", "client", "student", "subscriber", "author", "driver", "passenger", "guest", "buyer",
            "seller", "owner", "staff", "lead", "applicant", "candidate", "visitor", "profile", "shopper");

    /** Name words that say a column describes a thing (a product, a build, an order), not a person. */
    private static final Set<String> THINGS = Set.of("sku", "product", "item", "part", "model", "version", "ver",
            "firmware", "build", "release", "revision", "rev", "order", "invoice", "shipment", "tracking", "barcode",
            "ean", "upc", "gtin", "isbn", "batch", "lot", "catalog", "catalogue", "article", "hash", "checksum",
            "digest", "sha", "md5", "sha1", "sha256", "semver");

    /** The value shapes product codes and versions share, so a thing's name doubts them. */
    private static final Set<PiiKind> SHARED_SHAPES = Set.of(PiiKind.PHONE, PiiKind.IP_ADDRESS, PiiKind.NATIONAL_ID);

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
        List<String> values = nonBlank(column.values());
        Map<PiiKind, Integer> matches = matches(values);
        ValueHint value = best(matches, values.size());
        String doubt = "";
        if (value != null && name == null && SHARED_SHAPES.contains(value.kind()) && namesAThing(column.name())) {
            value = new ValueHint(value.kind(), value.matched(), value.sampled(), value.confidence() * THING_NAME_DOUBT);
            doubt = ", but the name '" + column.name() + "' says it describes a product, order or version";
        }
        Evidence evidence;
        if (value != null && name != null && value.kind() == name.kind()) {
            evidence = new Evidence(value.kind(), either(name.confidence(), value.confidence()),
                    "name '" + column.name() + "' and " + value.describe());
        } else if (value != null) {
            evidence = new Evidence(value.kind(), value.confidence(), value.describe() + doubt);
        } else if (name != null) {
            evidence = byNameOnly(name, column.name(), values, matches);
        } else {
            return Optional.empty();
        }
        // Never certain: evidence from names and samples can always be wrong.
        double rounded = Math.min(0.99, Math.round(evidence.confidence() * 100) / 100.0);
        return rounded >= THRESHOLD
                ? Optional.of(new PiiColumn(table, column.name(), evidence.kind(), rounded, evidence.text()))
                : Optional.empty();
    }

    /** What a column is taken for, how sure, and why. */
    private record Evidence(PiiKind kind, double confidence, String text) {
    }

    /** The name says PII and no kind of value dominates: the values that do match support it, values unlike it weaken it. */
    private static Evidence byNameOnly(NameHint name, String column, List<String> values, Map<PiiKind, Integer> matches) {
        PiiKind kind = name.kind();
        double confidence = name.confidence();
        String evidence = "name '" + column + "'";
        int supporting = matches.getOrDefault(kind, 0);
        if (supporting > 0) {
            // Fewer than VALUE_SHARE match, but those that do agree with the name.
            ValueHint some = new ValueHint(kind, supporting, values.size(),
                    (double) supporting / values.size() * VALUE_RELIABILITY.get(kind));
            confidence = either(confidence, some.confidence());
            evidence += " and " + some.describe();
        } else if (values.size() >= CONTRADICTION_SAMPLES && hasValueShape(kind)) {
            long plausible = values.stream().filter(v -> plausible(kind, v)).count();
            if (plausible < 0.1 * values.size()) {
                confidence = confidence / 2;
                evidence += ", but " + (values.size() - plausible) + " of " + values.size()
                        + " sampled values do not look like " + describe(kind);
            }
        }
        return new Evidence(kind, confidence, evidence);
    }

    /** Two independent pieces of evidence for the same kind: wrong only if both are. */
    private static double either(double a, double b) {
        return 1 - (1 - a) * (1 - b);
    }

    /** What the column's name says, or null. */
    static NameHint byName(String column, boolean people) {
        List<String> tokens = tokens(column);
        String joined = String.join("", tokens);
        if (joined.contains("email")) {
            return new NameHint(PiiKind.EMAIL, 0.9);
        }
        if (joined.contains("ipaddress") || joined.contains("ipaddr") || containsAny(joined, "remoteaddr", "clientaddr")
                || hasAny(tokens, "ip", "ipv4", "ipv6", "srcip", "dstip", "clientip", "remoteip")) {
            return new NameHint(PiiKind.IP_ADDRESS, 0.7);
        }
        if (joined.equals("card") || joined.equals("pan") || joined.equals("cc") || containsAny(joined, "creditcard",
                "debitcard", "cardnumber", "cardno", "cardnum", "ccnumber", "ccnum", "ccno")) {
            return new NameHint(PiiKind.CARD_NUMBER, 0.85);
        }
        if (hasAny(tokens, "ssn", "nino", "bsn", "passport", "sofinummer", "burgerservicenummer")
                || containsAny(joined, "socialsecurity", "nationalid", "taxid", "nationalinsurance", "taxpayerid",
                "citizenservicenumber", "idcardnumber")) {
            return new NameHint(PiiKind.NATIONAL_ID, 0.9);
        }
        if (joined.contains("phone") || hasAny(tokens, "mobile", "cell", "tel", "telephone", "fax", "msisdn")
                || containsAny(joined, "contactnumber", "telnr", "telefoon", "telefon")) {
            return new NameHint(PiiKind.PHONE, 0.8);
        }
        if (joined.contains("birth") || hasAny(tokens, "dob")) {
            return new NameHint(PiiKind.BIRTH_DATE, 0.7);
        }
        if (endsWithAny(joined, "firstname", "lastname", "fullname", "surname", "givenname", "familyname",
                "middlename", "maidenname", "forename")) {
            return new NameHint(PiiKind.PERSON_NAME, 0.8);
        }
        if (Set.of("customername", "contactname", "personname", "employeename", "username", "displayname",
                "patientname", "membername", "holdername", "cardholdername", "cardholder", "recipientname")
                .contains(joined)) {
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

    /** Whether the column's name says it describes a thing: {@code sku}, {@code app_version}, {@code product_code}. */
    static boolean namesAThing(String column) {
        return tokens(column).stream().anyMatch(THINGS::contains);
    }

    /** What most of the sampled values look like, or null when no shape covers enough of them. */
    static ValueHint byValues(List<String> values) {
        List<String> nonBlank = nonBlank(values);
        return best(matches(nonBlank), nonBlank.size());
    }

    /** How many (trimmed, non-blank) values have each kind's shape. */
    private static Map<PiiKind, Integer> matches(List<String> values) {
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        for (PiiKind kind : VALUE_RELIABILITY.keySet()) {
            int matched = (int) values.stream().filter(v -> looksLike(kind, v)).count();
            if (matched > 0) {
                counts.put(kind, matched);
            }
        }
        return counts;
    }

    private static ValueHint best(Map<PiiKind, Integer> matches, int sampled) {
        ValueHint best = null;
        for (Map.Entry<PiiKind, Double> entry : VALUE_RELIABILITY.entrySet()) {
            int matched = matches.getOrDefault(entry.getKey(), 0);
            double share = sampled == 0 ? 0 : (double) matched / sampled;
            if (matched > 0 && share >= VALUE_SHARE && (best == null || matched > best.matched())) {
                best = new ValueHint(entry.getKey(), matched, sampled, share * entry.getValue());
            }
        }
        return best;
    }

    /** Blank strings say nothing about a column; they are left out of the shares. */
    private static List<String> nonBlank(List<String> values) {
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
    }

    /** Whether one value has the strict shape of a kind. */
    static boolean looksLike(PiiKind kind, String value) {
        return switch (kind) {
            case EMAIL -> EMAIL.matcher(value).matches();
            case IP_ADDRESS -> isIpAddress(value);
            case CARD_NUMBER -> isCardNumber(value);
            case NATIONAL_ID -> isNationalId(value);
            case PHONE -> isPhoneNumber(value);
            default -> false;
        };
    }

    static boolean isIpAddress(String value) {
        return isIpv4(value) || isIpv6(value);
    }

    static boolean isIpv4(String value) {
        return IPV4.matcher(value).matches();
    }

    /** RFC 4291 text forms: eight groups, or fewer around one {@code ::}, optionally ending in IPv4 and a zone. */
    static boolean isIpv6(String value) {
        int zone = value.indexOf('%');
        if (zone >= 0 && (zone == value.length() - 1 || !value.substring(zone + 1).matches("[A-Za-z0-9_.\\-]+"))) {
            return false;
        }
        String address = zone >= 0 ? value.substring(0, zone) : value;
        if (address.chars().filter(c -> c == ':').count() < 2 || address.contains(":::")
                || !address.chars().anyMatch(Character::isLetterOrDigit)) {
            return false;
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int count = ipv6Width(ipv6Groups(address, gap));
        return count >= 0 && (gap >= 0 ? count <= 7 : count == 8);
    }

    /** The groups either side of the one {@code ::} (at {@code gap}, or -1 when there is none). */
    private static List<String> ipv6Groups(String address, int gap) {
        if (gap < 0) {
            return Arrays.asList(address.split(":", -1));
        }
        List<String> groups = new ArrayList<>();
        String head = address.substring(0, gap);
        String tail = address.substring(gap + 2);
        if (!head.isEmpty()) {
            groups.addAll(Arrays.asList(head.split(":", -1)));
        }
        if (!tail.isEmpty()) {
            groups.addAll(Arrays.asList(tail.split(":", -1)));
        }
        return groups;
    }

    /** How many 16-bit groups the groups make (an IPv4 tail counts two), or -1 when one is not a group. */
    private static int ipv6Width(List<String> groups) {
        int count = 0;
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            if (i == groups.size() - 1 && group.contains(".")) {
                if (!isIpv4(group)) {
                    return -1;
                }
                count += 2;
            } else if (HEX_GROUP.matcher(group).matches()) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
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

    /** A US SSN outside the never-issued ranges, a UK NINO, or a Dutch BSN passing the 11-check. */
    static boolean isNationalId(String value) {
        return isSsn(value) || isNino(value) || isBsn(value);
    }

    static boolean isSsn(String value) {
        return SSN.matcher(value).matches();
    }

    static boolean isNino(String value) {
        return NINO.matcher(value.toUpperCase(Locale.ROOT)).matches();
    }

    /**
     * The Dutch citizen service number: nine digits whose weighted sum 9*d1 + 8*d2 + ... + 2*d8 - d9
     * is a multiple of 11 (not zero). About 1 in 11 random nine-digit numbers pass.
     */
    static boolean isBsn(String value) {
        if (!BSN.matcher(value).matches()) {
            return false;
        }
        String digits = NON_DIGIT.matcher(value).replaceAll("");
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (digits.charAt(i) - '0');
        }
        sum -= digits.charAt(8) - '0';
        return sum != 0 && sum % 11 == 0;
    }

    /**
     * A phone number as people write them: international ({@code +44 20 7946 0958},
     * {@code 0044 20 7946 0958}, {@code +14155550100}), North American ({@code (415) 555-0100},
     * {@code 415.555.0100}) or national with a trunk 0 ({@code 020 7946 0958}, {@code 06-12345678},
     * {@code 0612345678}). Other runs of digits (ids, dates, decimals, IP addresses, SSNs, codes
     * grouped unlike phones) are not phones.
     */
    static boolean isPhoneNumber(String value) {
        if (!PHONE_CHARS.matcher(value).matches() || DECIMAL.matcher(value).matches() || DATE.matcher(value).matches()
                || IPV4.matcher(value).matches() || SSN.matcher(value).matches() || !balancedParentheses(value)) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '-' || first == '.' || first == '/') {
            return false;
        }
        String digits = NON_DIGIT.matcher(value).replaceAll("");
        boolean written = value.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(' || c == '/');
        if (first == '+') {
            return digits.length() >= 8 && digits.length() <= 15 && digits.charAt(0) != '0';
        }
        if (digits.startsWith("00")) {
            // The international call prefix of most of the world, written like "0044 20 7946 0958".
            return written && digits.length() >= 10 && digits.length() <= 17 && digits.charAt(2) != '0';
        }
        if (NANP.matcher(value).matches()) {
            return true;
        }
        if (digits.charAt(0) == '0' && digits.charAt(1) != '0') {
            // National numbers after the trunk prefix: 10 or 11 digits bare (0612345678), 9 to 12 written.
            return written ? digits.length() >= 9 && digits.length() <= 12 : digits.length() == 10 || digits.length() == 11;
        }
        return false;
    }

    private static boolean balancedParentheses(String value) {
        int open = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') {
                open++;
                if (open > 1) {
                    return false;
                }
            } else if (c == ')') {
                open--;
                if (open < 0) {
                    return false;
                }
            }
        }
        return open == 0;
    }

    private static boolean hasValueShape(PiiKind kind) {
        return VALUE_RELIABILITY.containsKey(kind);
    }

    /** A loose test, only to notice values that plainly contradict a column's name. */
    private static boolean plausible(PiiKind kind, String value) {
        String digits = NON_DIGIT.matcher(value).replaceAll("");
        return switch (kind) {
            case EMAIL -> value.contains("@");
            case PHONE -> value.matches("\\+?[0-9 ().\\-/]+") && digits.length() >= 7 && digits.length() <= 15;
            case CARD_NUMBER -> value.matches("[0-9 \\-]+") && digits.length() >= 12 && digits.length() <= 19;
            case IP_ADDRESS -> value.matches("[0-9A-Fa-f.:%]+") && (value.contains(".") || value.contains(":"));
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
            case NATIONAL_ID -> "national ids (US SSN, UK NINO or Dutch BSN)";
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
