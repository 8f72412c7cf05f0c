package io.dea.modeling.intake;

import java.util.List;

/**
 * Phrasings over the generated flights schema (flights, airports). All of them were written before the
 * interpreter was run on them (untuned), as a data engineer would ask; the expected parts follow the
 * conventions of the shop's set (measure and mart names from the words, unmatched grain words left out
 * of the mart name).
 */
final class FlightPhrasings {

    private static final String FLIGHTS = "source:flights";
    private static final String AIRPORTS = "source:airports";
    private static final String BY_DAY = "grain:flights.dep_time";
    private static final String FLIGHT_COUNT = "measure:flight_count=count_distinct(flights.id)";

    // Written before measuring.
    static final List<EvalCase> CASES = List.of(
            EvalCase.of("daily number of flights from flights",
                    FLIGHTS, BY_DAY, "time:day", FLIGHT_COUNT, "mart:daily_flight_count"),
            EvalCase.of("average departure delay per carrier from flights",
                    FLIGHTS, "grain:flights.carrier", "measure:avg_departure_delay=avg(flights.dep_delay)",
                    "mart:avg_departure_delay_by_carrier"),
            EvalCase.of("number of flights per origin from flights, only cancelled flights",
                    FLIGHTS, "grain:flights.origin", FLIGHT_COUNT, "filter:flights.status = 'cancelled'",
                    "mart:flight_count_by_origin"),
            EvalCase.of("monthly average arrival delay by carrier from flights excluding cancelled flights",
                    FLIGHTS, BY_DAY, "grain:flights.carrier", "time:month", "measure:avg_arrival_delay=avg(flights.arr_delay)",
                    "filter:flights.status <> 'cancelled'", "mart:monthly_avg_arrival_delay_by_carrier"),
            EvalCase.of("total distance per carrier from flights",
                    FLIGHTS, "grain:flights.carrier", "measure:distance=sum(flights.distance)", "mart:distance_by_carrier"),
            // Two columns match "delay" equally (dep_delay, arr_delay): a question, not a guess.
            EvalCase.of("average delay by carrier from flights",
                    FLIGHTS, "grain:flights.carrier", "mart:avg_delay_by_carrier", "?delay"),
            // No column says anything about aircraft.
            EvalCase.of("number of flights by aircraft type from flights",
                    FLIGHTS, FLIGHT_COUNT, "mart:flight_count", "?aircraft type"),
            EvalCase.of("weekly flights per destination from flights and airports",
                    FLIGHTS, AIRPORTS, BY_DAY, "grain:flights.dest", "time:week", FLIGHT_COUNT,
                    "mart:weekly_flight_count_by_destination"),
            EvalCase.of("maximum arrival delay per day from flights where distance over 1000",
                    FLIGHTS, BY_DAY, "time:day", "measure:max_arrival_delay=max(flights.arr_delay)",
                    "filter:flights.distance > 1000", "mart:daily_max_arrival_delay"),
            EvalCase.of("number of flights per airport country from flights and airports",
                    FLIGHTS, AIRPORTS, "grain:airports.country", FLIGHT_COUNT, "mart:flight_count_by_airport_country"),
            EvalCase.of("monthly flights from flights, only diverted",
                    FLIGHTS, BY_DAY, "time:month", FLIGHT_COUNT, "filter:flights.status = 'diverted'", "mart:monthly_flight_count"));

    private FlightPhrasings() {
    }
}
