package io.dea.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URLs judged against a connection; host names resolve through a fixed table, never DNS. */
class HttpPolicyTest {

    private static final Map<String, String> DNS = Map.of("api.shop.example", "93.184.216.34", "cdn.shop.example", "93.184.216.35",
            "rebind.shop.example", "169.254.169.254", "internal.shop.example", "10.0.0.7");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip == null) {
            // Literals parse without a lookup.
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[]{InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[]{InetAddress.getByName(ip)};
    }

    private static HttpPolicy policy(boolean allowPrivate) throws SourceRefused {
        return new HttpPolicy("shop", SourceSettings.Connection.http("https://api.shop.example/v1", Map.of("Authorization", "Bearer t"),
                List.of("cdn.shop.example", "rebind.shop.example", "internal.shop.example"), allowPrivate), HttpPolicyTest::resolve);
    }

    @Test
    void shouldPlaceALocationUnderTheBaseUrl() throws Exception {
        assertThat(policy(false).locate("orders?page=1")).isEqualTo(URI.create("https://api.shop.example/v1/orders?page=1"));
        assertThat(policy(false).locate("/orders")).isEqualTo(URI.create("https://api.shop.example/v1/orders"));
        assertThat(policy(false).locate("https://api.shop.example/v1/customers")).hasPath("/v1/customers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../admin", "orders/../../admin", "%2e%2e/admin", "orders%2F..%2F..%2Fadmin", "orders/%2E%2E/x",
            "https://api.shop.example/v2/orders", "https://api.shop.example:8443/v1/orders", "http://api.shop.example/v1/orders",
            "https://user:pw@api.shop.example/v1/orders", "https://evil.example/v1/orders", "https://API.SHOP.EXAMPLE.evil.example/v1/",
            "http://127.0.0.1:8081/subjects", "http://metadata.internal.example/latest/meta-data/", "file:///etc/passwd",
            "https://cdn.shop.example:8443/x", "orders\\..\\admin"})
    void shouldRefuseUrlsOutsideTheBaseAndItsHosts(String location) throws Exception {
        assertThatThrownBy(() -> policy(false).locate(location)).as(location).isInstanceOf(SourceRefused.class);
    }

    @Test
    void shouldAcceptAnAllowedHostAndUpperCaseHostNames() throws Exception {
        HttpPolicy policy = policy(false);
        assertThat(policy.check(URI.create("https://cdn.shop.example/any/path"))).hasHost("cdn.shop.example");
        assertThat(policy.check(URI.create("https://API.Shop.Example/v1/orders"))).hasPath("/v1/orders");
    }

    @Test
    void shouldRefuseAHostThatResolvesToAPrivateOrMetadataAddressUnlessTheConnectionAllowsIt() throws Exception {
        assertThat(policy(false).checkAddresses(URI.create("https://api.shop.example/v1/orders"))).isNotNull();
        assertThatThrownBy(() -> policy(false).checkAddresses(URI.create("https://rebind.shop.example/x")))
                .hasMessageContaining("169.254.169.254").hasMessageContaining("link-local").hasMessageContaining("allow-private-addresses");
        assertThatThrownBy(() -> policy(false).checkAddresses(URI.create("https://internal.shop.example/x")))
                .hasMessageContaining("private address");
        assertThat(policy(true).checkAddresses(URI.create("https://internal.shop.example/x"))).isNotNull();
    }

    @Test
    void shouldCheckLoopbackBaseUrlsPortByPort() throws Exception {
        HttpPolicy local = new HttpPolicy("demo", SourceSettings.Connection.http("http://127.0.0.1:18080/api", Map.of(), List.of(), true),
                HttpPolicyTest::resolve);
        assertThat(local.locate("orders")).isEqualTo(URI.create("http://127.0.0.1:18080/api/orders"));
        assertThatThrownBy(() -> local.locate("http://127.0.0.1:18081/subjects")).hasMessageContaining("not under connection demo");
        assertThatThrownBy(() -> local.locate("http://localhost:18080/api/orders")).isInstanceOf(SourceRefused.class);
        assertThatThrownBy(() -> local.locate("http://[::1]:18080/api/orders")).isInstanceOf(SourceRefused.class);
    }

    @Test
    void shouldNotShowSecretsOfARefusedUrl() {
        assertThatThrownBy(() -> policy(false).locate("https://evil.example/x?api_key=s3cret"))
                .hasMessageNotContaining("s3cret").hasMessageContaining("api_key=***");
    }
}
