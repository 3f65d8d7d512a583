package org.homeport.anonymizer.pii.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that two builds of this module find exactly the same things: for a change meant to make
 * the detectors cheaper without changing any decision ({@code benchmarks/pii-same-findings.sh}).
 * Loads each build in a class loader of its own and compares {@code PiiRedactor.findings(text, key)}
 * with every detector on: the texts of the corpora given (each with its field key and without), and
 * random strings built from the pieces the detectors look for (separators, digits, prefixes, labels,
 * keys, {@code %40}, non-ASCII letters), a quarter of them with a key. The tests show what is found;
 * this shows that nothing else moved.
 *
 * <pre>java -cp &lt;this class&gt;:&lt;homeport-api jar&gt; org.homeport.anonymizer.pii.internal.SameFindings
 *     &lt;before classes&gt; &lt;after classes&gt; &lt;random strings&gt; &lt;corpus.jsonl&gt;...</pre>
 *
 * Prints the first differences and a summary; exits with 1 if there is any.
 */
public final class SameFindings {
    private static final String[] PIECES = {"a", "b", "B", "x", "s", "r", "n", "h", "g", "A", "S", "Z", "é", "日", "0",
        "1", "4", "9", " ", "  ", ".", "-", "_", ":", "=", "/", "(", ")", "+", "%40", "%", "@", "\"", "'", "\n", ",",
        ";", "<", "[", "{", "$", "*", "user", "name", "Name", "Jane", "Doe", "token", "api_key", "password", "Bearer ",
        "Authorization: ", "ghp_", "gho_", "github_pat_", "glpat-", "xoxb-", "xoxe-", "xapp-", "AKIA", "AIza", "sk_live_",
        "rk_test_", "npm_", "hf_", "shpat_", "SG.", "-----BEGIN ", "PRIVATE KEY-----", "-----END ", "DE89", "de89", "GB",
        "fe80", "::", "tel", "phone", "msisdn", "+49", "030", "0170", "555", "(030)", "version", "firmware", "from", "to",
        "ip", "2026-11-23", "example.com", "example.org", "x.", "2x", "12345678", "1234567890123456", "user_name",
        "display-name", "USER", "ABCDEFGHIJKLMNOPQRSTUVWX", "abcdefghij0123456789"};
    private static final String[] KEYS = {"phone", "user", "name", "api_key", "author", "msisdn", "version", "ip", "line",
        "Authorization"};
    private static final Pattern KEY_OR_TEXT = Pattern.compile("\"(key|text)\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private SameFindings() {
    }

    public static void main(String[] args) throws Exception {
        Build before = new Build(Path.of(args[0]));
        Build after = new Build(Path.of(args[1]));
        List<String[]> inputs = new ArrayList<>();                    // {text, key or null}
        for (int k = 3; k < args.length; k++) {
            corpusTexts(Path.of(args[k]), inputs);
        }
        int corpus = inputs.size();
        Random random = new Random(42);                               // the same strings every run
        for (int k = 0; k < Integer.parseInt(args[2]); k++) {
            StringBuilder text = new StringBuilder();
            for (int n = 1 + random.nextInt(30); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            inputs.add(new String[] {text.toString(), random.nextInt(4) == 0 ? KEYS[random.nextInt(KEYS.length)] : null});
        }
        int differences = 0;
        long findings = 0;
        for (String[] input : inputs) {
            String found = before.findings(input[0], input[1]);
            String foundAfter = after.findings(input[0], input[1]);
            findings += found.split("Finding\\[").length - 1;
            if (!found.equals(foundAfter) && differences++ < 20) {
                System.out.printf("different, key %s, text %s%n  before %s%n  after  %s%n", input[1], input[0], found,
                        foundAfter);
            }
        }
        System.out.printf("%d texts (%d from the corpora, with and without their keys, %d random), %d findings"
                + " before, %d different%n", inputs.size(), corpus, inputs.size() - corpus, findings, differences);
        System.exit(differences == 0 ? 0 : 1);
    }

    /** Adds each {@code "text"} of a corpus file, once with the {@code "key"} before it (if any) and once without. */
    private static void corpusTexts(Path file, List<String[]> inputs) throws Exception {
        for (String line : Files.readAllLines(file)) {
            Matcher field = KEY_OR_TEXT.matcher(line);
            String key = null;
            while (field.find()) {
                String value = field.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
                if (field.group(1).equals("key")) {
                    key = value;
                } else {
                    inputs.add(new String[] {value, key});
                    inputs.add(new String[] {value, null});
                    key = null;
                }
            }
        }
    }

    /** One build's {@code PiiRedactor} with every detector, called by reflection. */
    private static final class Build {
        private final Object redactor;
        private final Method findings;

        Build(Path classes) throws Exception {
            ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, SameFindings.class.getClassLoader());
            // by name: a class literal would load PiiRedactor through the parent, which must not see it
            Class<?> type = Class.forName("org.homeport.anonymizer.pii.internal.PiiRedactor", true, loader);
            if (type.getClassLoader() != loader) {
                throw new IllegalStateException("the class path shows this module's classes: keep them off it");
            }
            Field all = type.getDeclaredField("ALL");
            all.setAccessible(true);
            Constructor<?> constructor = type.getDeclaredConstructor(List.class, Map.class, int.class);
            constructor.setAccessible(true);
            redactor = constructor.newInstance(all.get(null), Map.of(), 4);
            findings = type.getDeclaredMethod("findings", CharSequence.class, String.class);
            findings.setAccessible(true);
        }

        String findings(String text, String key) throws Exception {
            return String.valueOf(findings.invoke(redactor, text, key));
        }
    }
}
