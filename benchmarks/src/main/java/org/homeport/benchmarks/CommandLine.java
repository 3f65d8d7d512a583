package org.homeport.benchmarks;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one of the benchmark tools, split into "--name value" (or "--name=value")
 * options and bare "--flag"s. It knows nothing about what they mean; the tools validate values,
 * so that a typo fails loudly instead of silently running a different benchmark.
 */
final class CommandLine {

    private final Map<String, String> values;
    private final Set<String> flags;

    private CommandLine(Map<String, String> values, Set<String> flags) {
        this.values = Collections.unmodifiableMap(values);
        this.flags = Collections.unmodifiableSet(flags);
    }

    /**
     * @param valueOptions names (without "--") that take a value
     * @param flagOptions  names (without "--") that stand alone
     * @throws IllegalArgumentException for unknown options, missing values or repeats
     */
    static CommandLine parse(String[] args, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flagOptions.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                flags.add(name);
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException("--" + name + " given twice");
                }
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new CommandLine(values, flags);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** A whole number of at least {@code min}. */
    long number(String name, long defaultValue, long min) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + raw + "'");
        }
        if (parsed < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + parsed);
        }
        return parsed;
    }

    int intNumber(String name, int defaultValue, int min) {
        long parsed = number(name, defaultValue, min);
        if (parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " is too large: " + parsed);
        }
        return (int) parsed;
    }
}
