package io.dea.review;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small page listing pending reviews. The page itself holds no data: its script asks the API with
 * the bearer token the person pastes in (kept in the browser's local storage).
 */
@RestController
@Hidden
public class HomePage {

    private static final Resource PAGE = new ClassPathResource("io/dea/review/index.html");

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE);
    }
}
