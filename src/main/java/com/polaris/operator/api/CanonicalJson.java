package com.polaris.operator.api;

import com.polaris.operator.Sha256;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product's JSON mapper with the keys of every map written in order, so that the same content
 * is always the same text: a request's hash (idempotency), a decision as stored, a batch's items.
 */
@Component
public class CanonicalJson {

    private final JsonMapper mapper;

    CanonicalJson(JsonMapper json) {
        this.mapper = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /** The SHA-256 (hex) of {@code body}'s canonical text: the same for the same content, whatever its keys' order. */
    public String hash(JsonNode body) {
        Object content = mapper.treeToValue(body, Object.class);
        return Sha256.hex(mapper.writeValueAsBytes(content));
    }
}
