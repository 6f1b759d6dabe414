package com.outreachpilot.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import java.io.IOException;

/** Jackson's own string reading, refusing a value that holds the NUL character ({@link NulCharacterException}). */
public final class NulRefusingStrings extends StdScalarDeserializer<String> {

    public NulRefusingStrings() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new NulCharacterException(parser);
        }
        return value;
    }

    @Override
    public Object getEmptyValue(DeserializationContext context) {
        return "";
    }

    /** A string holding {@code \u0000}; Jackson adds the field's path as it unwinds. */
    public static final class NulCharacterException extends JsonMappingException {
        NulCharacterException(JsonParser parser) {
            super(parser, "must not contain the NUL character (\\u0000)");
        }
    }
}
