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
