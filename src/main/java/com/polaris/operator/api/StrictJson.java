package com.polaris.operator.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How JSON is read, everywhere: strictly. A name given twice in one object is malformed (which of
 * the two would count is a guess, and a reviewer and the executor could guess differently); a value
 * of the wrong JSON type is refused rather than converted — no {@code "10"} taken as 10, no 1.5
 * rounded to 1, no number or boolean taken as text — and dates and times are text within
 * {@link SaneDates}. {@link ProblemAdvice} turns each refusal into a 400 or a 422 naming the field.
 * The stored JSON Polaris reads back was written by the same mapper, so it never trips these rules.
 */
@Configuration
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("sane-dates").setDeserializerModifier(new ValueDeserializerModifier() {
                    @Override
                    public ValueDeserializer<?> modifyDeserializer(
                            DeserializationConfig config,
                            BeanDescription.Supplier description,
                            ValueDeserializer<?> deserializer) {
                        return Temporal.class.isAssignableFrom(description.getBeanClass())
                                ? new SaneDateDeserializer(deserializer)
                                : deserializer;
                    }
                }));
    }

    /** A value refused with words meant for the caller; {@link ProblemAdvice} shows them beside the field. */
    static final class RefusedValue extends MismatchedInputException {

        RefusedValue(JsonParser parser, String message, Class<?> type) {
            super(parser, message, type);
        }
    }

    /**
     * Reads a date or time only from text (not a number of seconds, which nobody types on purpose)
     * and only within {@link SaneDates}.
     */
    static final class SaneDateDeserializer extends DelegatingDeserializer {

        SaneDateDeserializer(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new SaneDateDeserializer(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw new RefusedValue(parser, words(handledType()), handledType());
            }
            Object value = super.deserialize(parser, context);
            if (!sane(value)) {
                throw new RefusedValue(parser, SaneDates.OUT_OF_RANGE, handledType());
            }
            return value;
        }

        private static boolean sane(Object value) {
            return switch (value) {
                case Instant instant -> SaneDates.isSane(instant);
                case OffsetDateTime time -> SaneDates.isSane(time.toInstant());
                case ZonedDateTime time -> SaneDates.isSane(time.toInstant());
                case LocalDateTime time -> SaneDates.isSane(time.toLocalDate());
                case LocalDate date -> SaneDates.isSane(date);
                default -> true;
            };
        }

        static String words(Class<?> type) {
            return LocalDate.class.equals(type)
                    ? "must be a date written YYYY-MM-DD"
                    : "must be a date-time with an offset, e.g. 2026-11-23T10:15:30Z";
        }
    }
}
