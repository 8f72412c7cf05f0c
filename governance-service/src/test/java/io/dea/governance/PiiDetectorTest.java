package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {

    private final PiiDetector detector = new PiiDetector();

    @Test
    void shouldFindEmailsPhonesCardsAndIpsByTheirValuesWhateverTheColumnsAreCalled() {
        TableSample events = table("events",
                column("contact", "ada@example.com", "grace.hopper@navy.mil", "alan+turing@bletchley.co.uk"),
                column("reach", "+1 415-555-0100", "(415) 555-0101", "+44 20 7946 0958", "415.555.0199"),
                column("payment", "4111 1111 1111 1111", "5555555555554444", "378282246310005", "6011-1111-1111-1117"),
                column("origin", "192.168.1.10", "10.0.0.1", "2001:db8::ff00:42:8329", "8.8.8.8"),
                column("code", "123-45-6789", "078-05-1120", "219-09-9999"));

        Map<String, PiiColumn> found = byColumn(detector.detect(events));

        assertThat(found.keySet()).containsExactly("contact", "reach", "payment", "origin", "code");
        assertThat(found.get("contact").kind()).isEqualTo(PiiKind.EMAIL);
        assertThat(found.get("reach").kind()).isEqualTo(PiiKind.PHONE);
        assertThat(found.get("payment").kind()).isEqualTo(PiiKind.CARD_NUMBER);
        assertThat(found.get("origin").kind()).isEqualTo(PiiKind.IP_ADDRESS);
        assertThat(found.get("code").kind()).isEqualTo(PiiKind.NATIONAL_ID);
        assertThat(found.get("contact").confidence()).isGreaterThanOrEqualTo(0.95);
        assertThat(found.get("contact").evidence()).contains("3 of 3 sampled values look like email addresses");
    }

    @Test
    void shouldFindPiiByColumnNamesEvenWithoutValues() {
        TableSample customers = table("customers", column("email"), column("e_mail"), column("mobile"),
                column("ssn"), column("first_name"), column("LastName"), column("full_name"), column("name"),
                column("home_address"), column("ip"), column("cc_number"), column("date_of_birth"), column("zip_code"));

        Map<String, PiiColumn> found = byColumn(detector.detect(customers));

        assertThat(found).hasSize(13);
        assertThat(found.get("email").kind()).isEqualTo(PiiKind.EMAIL);
        assertThat(found.get("e_mail").kind()).isEqualTo(PiiKind.EMAIL);
        assertThat(found.get("mobile").kind()).isEqualTo(PiiKind.PHONE);
        assertThat(found.get("ssn").kind()).isEqualTo(PiiKind.NATIONAL_ID);
        assertThat(found.get("LastName").kind()).isEqualTo(PiiKind.PERSON_NAME);
        assertThat(found.get("name").kind()).isEqualTo(PiiKind.PERSON_NAME);
        assertThat(found.get("home_address").kind()).isEqualTo(PiiKind.ADDRESS);
        assertThat(found.get("ip").kind()).isEqualTo(PiiKind.IP_ADDRESS);
        assertThat(found.get("cc_number").kind()).isEqualTo(PiiKind.CARD_NUMBER);
        assertThat(found.get("date_of_birth").kind()).isEqualTo(PiiKind.BIRTH_DATE);
        assertThat(found.get("email").evidence()).isEqualTo("name 'email'");
    }

    @Test
    void shouldTakeABareNameColumnAsAPersonOnlyInATableOfPeople() {
        assertThat(detector.detect(table("products", column("id", "1", "2"), column("name", "Lamp", "Desk")))).isEmpty();
        assertThat(detector.detect(table("users", column("name", "Ada Lovelace")))).extracting(PiiColumn::kind)
                .containsExactly(PiiKind.PERSON_NAME);
        // No telling name, but an email column beside it says the rows are people.
        assertThat(detector.detect(table("signups", column("name", "Ada"), column("email", "ada@example.com"))))
                .extracting(PiiColumn::column).containsExactly("name", "email");
    }

    @Test
    void shouldBeMoreConfidentWhenNameAndValuesAgree() {
        PiiColumn byName = detector.detect(table("t", column("email"))).get(0);
        PiiColumn byBoth = detector.detect(table("t", column("email", "ada@example.com", "bob@example.org"))).get(0);

        assertThat(byBoth.confidence()).isGreaterThan(byName.confidence());
        assertThat(byBoth.evidence()).startsWith("name 'email' and 2 of 2");
    }

    @Test
    void shouldNotFlagLookAlikes() {
        List<String> ids = IntStream.rangeClosed(1, 200).mapToObj(Integer::toString).toList();
        // Consecutive 16-digit numbers that start like a Visa card: only one in ten passes Luhn.
        List<String> longIds = IntStream.rangeClosed(1, 200).mapToObj(i -> Long.toString(4000000000000000L + i)).toList();
        List<String> failingLuhn = new ArrayList<>(longIds.stream().filter(v -> !PiiDetector.luhn(v)).toList());
        TableSample orders = table("orders",
                column("id", ids),
                column("external_id", longIds),
                column("voucher", failingLuhn),
                column("status", List.of("paid", "shipped", "returned", "paid")),
                column("amount", List.of("1234567.89", "99.5", "100000000.25")),
                column("order_date", List.of("2024-01-15", "2024-02-01", "15.03.2024")),
                column("version", List.of("1.2.3.4.5", "2.0.1")),
                column("sku", List.of("A-100-200", "B-300-400")),
                column("shipping", List.of("express", "standard")),
                column("zipped", List.of("true", "false")),
                column("card_type", List.of("visa", "amex")));

        assertThat(detector.detect(orders)).isEmpty();
    }

    @Test
    void shouldDoubtANameThatItsValuesContradict() {
        TableSample table = table("accounts", column("email", "n/a", "none", "unknown", "-", "tbd", "n/a"));

        assertThat(detector.detect(table)).isEmpty();
    }

    @Test
    void shouldCheckCardNumbersWithLuhn() {
        assertThat(PiiDetector.luhn("4111111111111111")).isTrue();
        assertThat(PiiDetector.luhn("79927398713")).isTrue();
        assertThat(PiiDetector.luhn("4111111111111112")).isFalse();
        assertThat(PiiDetector.isCardNumber("4111-1111-1111-1111")).isTrue();
        assertThat(PiiDetector.isCardNumber("4111111111111112")).isFalse();
        assertThat(PiiDetector.isCardNumber("1111111111111117")).as("no card network starts with 1").isFalse();
        assertThat(PiiDetector.isPhoneNumber("192.168.100.100")).isFalse();
        assertThat(PiiDetector.isPhoneNumber("4155550100")).as("bare digits are more often ids").isFalse();
    }

    @Test
    void shouldKnowUsSocialSecurityUkNationalInsuranceAndDutchCitizenServiceNumbers() {
        assertThat(PiiDetector.isNationalId("123-45-6789")).isTrue();
        assertThat(PiiDetector.isNationalId("000-45-6789")).as("area 000 is never issued").isFalse();
        assertThat(PiiDetector.isNationalId("666-45-6789")).as("area 666 is never issued").isFalse();
        assertThat(PiiDetector.isNationalId("912-45-6789")).as("areas 900-999 are never issued").isFalse();
        assertThat(PiiDetector.isNationalId("123-00-6789")).as("group 00 is never issued").isFalse();
        assertThat(PiiDetector.isNationalId("123-45-0000")).as("serial 0000 is never issued").isFalse();

        assertThat(PiiDetector.isNationalId("AB123456C")).isTrue();
        assertThat(PiiDetector.isNationalId("jg 10 37 95 a")).isTrue();
        assertThat(PiiDetector.isNationalId("DA123456C")).as("D is never a first prefix letter").isFalse();
        assertThat(PiiDetector.isNationalId("AO123456C")).as("O is never a second prefix letter").isFalse();
        assertThat(PiiDetector.isNationalId("GB123456C")).as("GB is never allocated").isFalse();
        assertThat(PiiDetector.isNationalId("AB123456E")).as("the suffix is A-D").isFalse();

        assertThat(PiiDetector.isNationalId("111222333")).isTrue();
        assertThat(PiiDetector.isNationalId("123456782")).isTrue();
        assertThat(PiiDetector.isNationalId("1234.56.782")).isTrue();
        assertThat(PiiDetector.isNationalId("123456789")).as("fails the 11-check").isFalse();
        assertThat(PiiDetector.isNationalId("000000000")).isFalse();
    }

    @Test
    void shouldKnowPhoneNumbersInInternationalAndNationalFormatsButNotCodesGroupedOtherwise() {
        for (String phone : List.of("+1 415-555-0100", "+14155550100", "(415) 555-0100", "415.555.0100", "415 555 0100",
                "1-415-555-0100", "+44 20 7946 0958", "+44 (0)20 7946 0958", "0044 20 7946 0958", "020 7946 0958",
                "07700 900123", "+49 30 12345678", "0171 1234567", "+33 1 23 45 67 89", "01 23 45 67 89",
                "+31 6 12345678", "06-12345678", "0612345678", "(02) 9876 5432", "03-1234-5678", "+91 98765 43210")) {
            assertThat(PiiDetector.isPhoneNumber(phone)).as(phone).isTrue();
        }
        for (String other : List.of("4155550100", "12-3456-789", "123-4567-890", "1234-5678", "100-200-3000",
                "123.456.78", "978-3-16-148410-0", "2024-01-15", "15.03.2024", "1234567.89", "0000123456",
                "192.168.1.10", "123-45-6789", "(415 555-0100", "+0 123 456 789")) {
            assertThat(PiiDetector.isPhoneNumber(other)).as(other).isFalse();
        }
    }

    @Test
    void shouldKnowIpv4AndIpv6AddressesButNotVersionsTimesOrMacAddresses() {
        for (String ip : List.of("8.8.8.8", "10.0.0.1", "255.255.255.255", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                "2001:db8::8a2e:370:7334", "::1", "fe80::1ff:fe23:4567:890a%eth0", "::ffff:192.0.2.128", "2001:db8::")) {
            assertThat(PiiDetector.isIpAddress(ip)).as(ip).isTrue();
        }
        for (String other : List.of("300.1.2.3", "10.0.19045.3803", "1.2.3", "01.2.3.4", "10:23:45",
                "00:1a:2b:3c:4d:5e", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "12345::1", ":::", "1:2:3:4:5:6:7:8%")) {
            assertThat(PiiDetector.isIpAddress(other)).as(other).isFalse();
        }
    }

    @Test
    void shouldTakeShapesCodesShareForCodesWhenTheNameSaysItIsAThing() {
        List<String> versions = List.of("10.2.3.4", "10.2.4.0", "11.0.1.7", "11.1.0.2", "12.0.0.1");
        List<String> phoneShaped = List.of("415-555-0100", "212-555-0199", "646-555-0142", "303-555-0175", "702-555-0110");
        List<String> ssnShaped = List.of("123-45-6789", "234-56-7890", "345-67-8901", "456-78-9012", "567-89-0123");
        List<String> cards = List.of("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
                "4012888888881881");

        Map<String, PiiColumn> things = byColumn(detector.detect(table("devices", column("firmware_version", versions),
                column("sku", phoneShaped), column("part_code", ssnShaped), column("order_ref", cards))));
        Map<String, PiiColumn> neutral = byColumn(detector.detect(table("feed", column("col_17", versions),
                column("contact", phoneShaped), column("code", ssnShaped), column("ref", cards))));

        assertThat(things.keySet()).as("a card leaks whatever the column is called").containsExactly("order_ref");
        assertThat(neutral.keySet()).containsExactly("col_17", "contact", "code", "ref");
        assertThat(neutral.get("col_17").kind()).isEqualTo(PiiKind.IP_ADDRESS);
        assertThat(neutral.get("contact").kind()).isEqualTo(PiiKind.PHONE);
        PiiColumn doubted = detector.detect("devices", column("firmware_version", versions), false).orElse(null);
        assertThat(doubted).isNull();
    }

    @Test
    void shouldLeaveBlanksOutOfTheShareAndTakeSomeMatchingValuesAsSupportForAName() {
        List<String> mostlyBlank = List.of("", " ", "", "", "ada@example.com", "bob@example.org", "carol@example.net");
        assertThat(detector.detect(table("t", column("contact", mostlyBlank)))).singleElement()
                .satisfies(c -> assertThat(c.evidence()).isEqualTo("3 of 3 sampled values look like email addresses"));

        List<String> fewEmails = List.of("n/a", "n/a", "unknown", "ada@example.com", "n/a", "-", "n/a", "n/a");
        PiiColumn byName = detector.detect(table("t", column("email"))).get(0);
        PiiColumn supported = detector.detect(table("t", column("email", fewEmails))).get(0);
        assertThat(supported.confidence()).isGreaterThan(byName.confidence());
        assertThat(supported.evidence()).isEqualTo("name 'email' and 1 of 8 sampled values look like email addresses");
    }

    private static Map<String, PiiColumn> byColumn(List<PiiColumn> columns) {
        return columns.stream().collect(Collectors.toMap(PiiColumn::column, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    private static TableSample table(String name, ColumnSample... columns) {
        return new TableSample(name, List.of(columns));
    }

    private static ColumnSample column(String name, String... values) {
        return new ColumnSample(name, "VARCHAR", List.of(values));
    }

    private static ColumnSample column(String name, List<String> values) {
        return new ColumnSample(name, "VARCHAR", values);
    }
}
