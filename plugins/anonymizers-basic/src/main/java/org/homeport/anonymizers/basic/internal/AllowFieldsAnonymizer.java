package org.homeport.anonymizers.basic.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps only the listed attribute paths and removes every other attribute. A listed path keeps
 * its whole subtree; an object on the way to a listed path keeps only the listed children and is
 * removed if none of them is there, so that not even the presence of other keys leaks.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + AllowFieldsAnonymizer.NAME)
public class AllowFieldsAnonymizer implements Anonymizer {
    static final String NAME = "allow-fields";
    private static final String ATTRIBUTES_PREFIX = "attributes.";

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        Parameters.requireOnlyKnown(NAME, parameters, Set.of(Parameters.FIELDS));
        List<FieldPath> fields = Parameters.fields(NAME, parameters, true);
        AllowNode root = new AllowNode();
        for (FieldPath field : fields) {
            if (field.attributeKey() == null) {
                throw new InvalidParametersException(NAME + ": parameter '" + Parameters.FIELDS
                        + "' takes attribute paths only (attributes.<key>...), not '" + field + "'");
            }
            root.add(field.toString().substring(ATTRIBUTES_PREFIX.length()).split("\\."));
        }
        return event -> {
            Map<String, Object> kept = root.filter(event.attributes());
            return kept == event.attributes() ? event : event.withAttributes(kept);
        };
    }

    /** One level of the allow-list; built once in configure and only read afterwards. */
    private static final class AllowNode {
        private final Map<String, AllowNode> children = new HashMap<>();
        private boolean keepsSubtree;

        void add(String[] keys) {
            AllowNode node = this;
            for (String key : keys) {
                node = node.children.computeIfAbsent(key, k -> new AllowNode());
            }
            node.keepsSubtree = true;
        }

        /** @return {@code object} itself if nothing had to go, otherwise a filtered copy */
        @SuppressWarnings("unchecked")
        Map<String, Object> filter(Map<String, Object> object) {
            Map<String, Object> kept = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, Object> entry : object.entrySet()) {
                AllowNode child = children.get(entry.getKey());
                Object value = entry.getValue();
                if (child == null) {
                    changed = true;
                } else if (child.keepsSubtree) {
                    kept.put(entry.getKey(), value);
                } else if (value instanceof Map<?, ?> nested) {
                    Map<String, Object> filtered = child.filter((Map<String, Object>) nested);
                    if (filtered.isEmpty()) {
                        changed = true;
                    } else {
                        changed |= filtered != nested;
                        kept.put(entry.getKey(), filtered);
                    }
                } else {
                    // A listed path leads through here but this is no object: nothing listed is in it.
                    changed = true;
                }
            }
            return changed ? kept : object;
        }
    }
}
