package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.time.Duration;

/** The one Jackson mapper for modelgate.yaml: snake_case keys, strict types, durations like 10m. */
public final class ConfigMapper {

    private static final ObjectMapper MAPPER = create();

    private ConfigMapper() {
    }

    public static ObjectMapper get() {
        return MAPPER;
    }

    /**
     * A duration as users write it, within the bounds of its key ({@link DurationRange}, else
     * 0s to {@link Durations#MAX}). A fault is an IllegalArgumentException cause, whose message
     * ConfigFile reports with the key's line.
     */
    private static final class BoundedDuration extends JsonDeserializer<Duration> implements ContextualDeserializer {
        private final Duration min;
        private final Duration max;

        BoundedDuration(Duration min, Duration max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            DurationRange range = property == null ? null : property.getAnnotation(DurationRange.class);
            return range == null ? this : new BoundedDuration(Durations.parse(range.min()), Durations.parse(range.max()));
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            try {
                return Durations.check(Durations.parse(parser.getText()), min, max);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(parser, e.getMessage(), e);
            }
        }
    }

    private static ObjectMapper create() {
        SimpleModule durations = new SimpleModule("durations");
        durations.addDeserializer(Duration.class, new BoundedDuration(Duration.ZERO, Durations.MAX));
        durations.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(Durations.format(value));
            }
        });
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
        return YAMLMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                // An empty item ([a, ~]) or map value ({A: ~}) is refused where it is, not met later as a null.
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .addModule(durations)
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .build();
    }
}
