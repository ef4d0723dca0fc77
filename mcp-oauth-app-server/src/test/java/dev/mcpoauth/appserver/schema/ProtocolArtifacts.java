package dev.mcpoauth.appserver.schema;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import cz.habarta.typescript.generator.ClassMapping;
import cz.habarta.typescript.generator.EnumMapping;
import cz.habarta.typescript.generator.Input;
import cz.habarta.typescript.generator.JsonLibrary;
import cz.habarta.typescript.generator.OptionalProperties;
import cz.habarta.typescript.generator.OptionalPropertiesDeclaration;
import cz.habarta.typescript.generator.Settings;
import cz.habarta.typescript.generator.TypeScriptFileType;
import cz.habarta.typescript.generator.TypeScriptGenerator;
import cz.habarta.typescript.generator.TypeScriptOutputKind;
import dev.mcpoauth.appserver.protocol.Methods;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the committed protocol artifacts from the records in
 * {@code dev.mcpoauth.appserver.protocol}, in memory: one JSON Schema (draft-07) file per type, a
 * bundle of all of them, and one TypeScript file. The layout follows the reference host's
 * {@code schema/json/*.json}, {@code schema/json/*.schemas.json} and {@code schema/typescript/}.
 *
 * <p>Rules: a component with {@code @JsonProperty(required = true)} is required and not nullable;
 * every other component is optional and nullable ({@code "type": ["string", "null"]} and
 * {@code name?: string | null}). Enums use their {@code @JsonValue}. Keys are sorted so the output
 * is stable.
 */
public final class ProtocolArtifacts {
    /** Regenerates the committed files. */
    public static final String REGENERATE_COMMAND = "mvn -q -pl mcp-oauth-app-server test-compile exec:java@generate-schema";
    public static final String BUNDLE_FILE = "json/mcp_oauth_app_server.schemas.json";
    public static final String TYPESCRIPT_FILE = "typescript/mcp-oauth-app-server.ts";
    static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProtocolArtifacts() {
    }

    /** Every artifact: path relative to {@code schema/} to file content. */
    public static Map<String, String> generate() {
        Map<String, String> files = new TreeMap<>();
        SchemaGenerator generator = new SchemaGenerator(schemaConfig());
        ObjectNode bundleDefinitions = JsonNodeFactory.instance.objectNode();
        for (Class<?> type : Methods.TYPES) {
            ObjectNode schema = generator.generateSchema(type);
            schema.put("title", type.getSimpleName());
            JsonNode sorted = sortKeys(schema);
            files.put("json/" + type.getSimpleName() + ".json", write(sorted));

            ObjectNode inBundle = ((ObjectNode) sorted).deepCopy();
            JsonNode nested = inBundle.remove("definitions");
            if (nested != null) {
                nested.properties().forEach(entry -> bundleDefinitions.set(entry.getKey(), entry.getValue()));
            }
            bundleDefinitions.set(type.getSimpleName(), inBundle);
        }
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        bundle.put("$schema", DRAFT_07);
        bundle.set("definitions", bundleDefinitions);
        bundle.put("title", "McpOAuthAppServerProtocol");
        files.put(BUNDLE_FILE, write(sortKeys(bundle)));
        files.put(TYPESCRIPT_FILE, typescript());
        return files;
    }

    private static SchemaGeneratorConfigBuilder schemaBuilder() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS)
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES)
                .with(Option.INLINE_NULLABLE_SCHEMAS)
                .without(Option.NONPUBLIC_STATIC_FIELDS)
                .without(Option.PUBLIC_STATIC_FIELDS);
        builder.forFields()
                .withRequiredCheck(ProtocolArtifacts::isRequired)
                .withNullableCheck(field -> !isRequired(field))
                .withDescriptionResolver(field -> {
                    if (field.isFakeContainerItemScope()) {
                        return null;
                    }
                    JsonPropertyDescription description = field.getAnnotationConsideringFieldAndGetter(
                            JsonPropertyDescription.class);
                    return description == null ? null : description.value();
                });
        builder.forTypesInGeneral()
                .withDescriptionResolver(scope -> {
                    JsonClassDescription description = scope.getType().getErasedType()
                            .getAnnotation(JsonClassDescription.class);
                    return description == null ? null : description.value();
                })
                .withCustomDefinitionProvider((javaType, context) -> {
                    Class<?> erased = javaType.getErasedType();
                    if (!erased.isEnum()) {
                        return null;
                    }
                    ObjectNode definition = context.getGeneratorConfig().createObjectNode();
                    definition.put("type", "string");
                    ArrayNode values = definition.putArray("enum");
                    wireValues(erased).forEach(values::add);
                    JsonClassDescription description = erased.getAnnotation(JsonClassDescription.class);
                    if (description != null) {
                        definition.put("description", description.value());
                    }
                    return new CustomDefinition(definition, CustomDefinition.DefinitionType.STANDARD,
                            CustomDefinition.AttributeInclusion.NO);
                });
        return builder;
    }

    private static com.github.victools.jsonschema.generator.SchemaGeneratorConfig schemaConfig() {
        return schemaBuilder().build();
    }

    static boolean isRequired(FieldScope field) {
        JsonProperty property = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
        return property != null && property.required();
    }

    /** An enum's wire values: its {@code @JsonValue} method, else the constant names. */
    static List<String> wireValues(Class<?> enumType) {
        Method valueMethod = null;
        for (Method method : enumType.getMethods()) {
            if (method.isAnnotationPresent(JsonValue.class) && method.getParameterCount() == 0) {
                valueMethod = method;
            }
        }
        List<String> values = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            try {
                values.add(valueMethod == null ? ((Enum<?>) constant).name() : (String) valueMethod.invoke(constant));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the wire value of " + constant, e);
            }
        }
        return values;
    }

    private static String typescript() {
        Settings settings = new Settings();
        settings.outputKind = TypeScriptOutputKind.module;
        settings.outputFileType = TypeScriptFileType.implementationFile;
        settings.jsonLibrary = JsonLibrary.jackson2;
        settings.mapClasses = ClassMapping.asInterfaces;
        settings.mapEnum = EnumMapping.asUnion;
        settings.optionalProperties = OptionalProperties.useLibraryDefinition;
        settings.optionalPropertiesDeclaration = OptionalPropertiesDeclaration.questionMarkAndNullableType;
        settings.noFileComment = true;
        settings.noTslintDisable = true;
        settings.noEslintDisable = true;
        settings.sortTypeDeclarations = true;
        settings.newline = "\n";
        settings.indentString = "  ";
        settings.classLoader = ProtocolArtifacts.class.getClassLoader();
        String body = new TypeScriptGenerator(settings).generateTypeScript(Input.from(Methods.TYPES.toArray(new java.lang.reflect.Type[0])));
        return "// Generated from the records in dev.mcpoauth.appserver.protocol. Do not edit this file manually.\n"
                + "// Regenerate with: " + REGENERATE_COMMAND + "\n"
                + body.stripLeading();
    }

    /**
     * Objects with their keys in alphabetical order, {@code required} lists sorted and {@code null} last
     * in {@code anyOf}, recursively: the reference's layout, and stable from run to run.
     */
    static JsonNode sortKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                JsonNode value = node.get(name);
                if (name.equals("required") && value.isArray()) {
                    List<String> required = new ArrayList<>();
                    value.forEach(element -> required.add(element.asText()));
                    required.sort(null);
                    ArrayNode array = sorted.putArray(name);
                    required.forEach(array::add);
                } else if (name.equals("anyOf") && value.isArray()) {
                    // The reference lists the type first and null last.
                    ArrayNode array = sorted.putArray(name);
                    value.forEach(element -> {
                        if (!isNullType(element)) {
                            array.add(sortKeys(element));
                        }
                    });
                    value.forEach(element -> {
                        if (isNullType(element)) {
                            array.add(sortKeys(element));
                        }
                    });
                } else {
                    sorted.set(name, sortKeys(value));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(sortKeys(element)));
            return array;
        }
        return node;
    }

    private static boolean isNullType(JsonNode node) {
        return node.isObject() && node.size() == 1 && "null".equals(node.path("type").asText(null));
    }

    /** Two-space indentation, one array element per line, {@code "key": value}: the reference's layout. */
    static String write(JsonNode node) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
