package io.dea.ops;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Airflow 3's stable REST API ({@code /api/v2}; the version requirements.txt installs), through
 * Spring's RestClient: unpause a DAG, trigger a run for a logical date, read a run's state. A bearer
 * token is either configured or obtained once from {@code POST /auth/token} with username and
 * password (the simple and FAB auth managers both serve it).
 *
 * <p>Run ids are chosen by the caller, so a re-sent backfill triggers nothing twice: Airflow answers
 * 409 for an id it has, and that counts as triggered.
 */
public class AirflowClient {

    private final RestClient http;
    private final OpsProperties.Airflow settings;
    private volatile String bearer;

    public AirflowClient(OpsProperties.Airflow settings) {
        this.settings = settings;
        this.http = RestClient.builder().baseUrl(settings.url().replaceAll("/+$", "")).build();
        this.bearer = settings.token() == null || settings.token().isBlank() ? null : settings.token();
    }

    /** Unpauses the DAG: a paused DAG's triggered runs would wait forever. */
    public void unpause(String dagId) {
        http.patch().uri("/api/v2/dags/{dag_id}", dagId)
                .headers(this::auth).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("is_paused", false))
                .retrieve().toBodilessEntity();
    }

    /**
     * Triggers one run of the DAG for a day (logical date midnight UTC).
     *
     * @return true if Airflow created it, false if a run with this id was already there
     */
    public boolean trigger(String dagId, String runId, LocalDate day, Map<String, Object> conf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", runId);
        body.put("logical_date", DateTimeFormatter.ISO_INSTANT.format(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
        body.put("conf", conf);
        try {
            http.post().uri("/api/v2/dags/{dag_id}/dagRuns", dagId)
                    .headers(this::auth).contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve().toBodilessEntity();
            return true;
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /** The run's state: queued, running, success or failed. */
    public String state(String dagId, String runId) {
        Map<?, ?> run = http.get().uri("/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}", dagId, runId)
                .headers(this::auth).accept(MediaType.APPLICATION_JSON)
                .retrieve().body(Map.class);
        return run == null ? null : String.valueOf(run.get("state"));
    }

    private void auth(HttpHeaders headers) {
        String token = bearer;
        if (token == null && settings.username() != null && !settings.username().isBlank()) {
            Map<?, ?> login = http.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("username", settings.username(), "password", settings.password()))
                    .retrieve().body(Map.class);
            if (login == null || login.get("access_token") == null) {
                throw new IllegalStateException("Airflow's /auth/token gave no access_token");
            }
            token = String.valueOf(login.get("access_token"));
            bearer = token;
        }
        if (token != null) {
            headers.setBearerAuth(token);
        }
    }
}
