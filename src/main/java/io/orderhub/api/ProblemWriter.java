package io.orderhub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** Writes a problem straight to a servlet response, for answers given before a route runs (auth, size). */
@Component
public class ProblemWriter {

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        // JSON is UTF-8 by definition (RFC 8259): no charset parameter, bytes written as such
        response.setContentType(Problem.MEDIA_TYPE);
        response.getOutputStream().write(problem.toJson(mapper, request.getRequestURI()).toString().getBytes(StandardCharsets.UTF_8));
    }
}
