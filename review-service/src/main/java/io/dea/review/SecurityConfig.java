package io.dea.review;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer tokens, resolved by {@link TokenRegistry}: a filter turns a known token into an
 * authenticated {@link Caller}; everything but health, metrics scraping, the API docs and the page
 * needs one (401 otherwise). Whether a caller may decide a particular review depends on the review,
 * so {@link ReviewService} checks that (403).
 */
@Configuration
public class SecurityConfig {

    private static final String[] OPEN = {
        "/", "/error", "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
        "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"
    };

    @Bean
    public SecurityFilterChain reviewSecurity(HttpSecurity http, TokenRegistry tokens) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(OPEN).permitAll().anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            ApiErrors.write(response, HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
                        })
                        .accessDeniedHandler((request, response, e) ->
                                ApiErrors.write(response, HttpStatus.FORBIDDEN, "not allowed")))
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class);
        return http.build();
    }

    /** Not a bean, so the servlet container does not register it a second time outside the chain. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private static final String PREFIX = "Bearer ";

        private final TokenRegistry tokens;

        BearerTokenFilter(TokenRegistry tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                tokens.resolve(header.substring(PREFIX.length())).ifPresent(caller -> {
                    List<SimpleGrantedAuthority> authorities = caller.roles().stream()
                            .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
                    SecurityContextHolder.getContext().setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities));
                });
            }
            chain.doFilter(request, response);
        }
    }
}
