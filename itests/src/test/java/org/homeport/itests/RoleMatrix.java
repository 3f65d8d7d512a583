package org.homeport.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The role matrix as documented in docs/security.md (the table after {@code <!-- role-matrix -->}),
 * and a walk of every cell against the running node: the docs are the test's expectations, so they
 * cannot drift from what the node does.
 */
final class RoleMatrix {
    /** A column: its heading and the role whose caller the cell is for ({@code null}: no credentials). */
    record Column(String heading, String role) {
    }

    /** A row: method, port and path template, and the expected status per column. */
    record Row(String method, int port, String template, List<Integer> expected) {
    }

    /** How a test sends one request: method, URI, Authorization header (or null), JSON body (or null). */
    interface Sender {
        HttpResponse<String> send(String method, URI uri, String authorization, String body) throws Exception;
    }

    final List<Column> columns = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();

    static RoleMatrix documented() throws IOException {
        Path doc = Paths.get(System.getProperty("homeport.security.doc"));
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        int start = lines.indexOf("<!-- role-matrix -->");
        if (start < 0) {
            throw new IllegalStateException(doc + " has no <!-- role-matrix --> table");
        }
        RoleMatrix matrix = new RoleMatrix();
        String[] header = cells(lines.get(start + 1));
        for (int i = 1; i < header.length; i++) {
            String heading = header[i];
            String role = heading.startsWith("`") ? heading.replace("`", "") : heading.equals("no Homeport role") ? "" : null;
            matrix.columns.add(new Column(heading, role));
        }
        for (int i = start + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = cells(lines.get(i));
            String[] endpoint = cells[0].replace("`", "").split(" ", 2);
            String portAndPath = endpoint[1];
            int port = Integer.parseInt(portAndPath.substring(1, portAndPath.indexOf('/')));
            List<Integer> expected = new ArrayList<>();
            for (int c = 1; c < cells.length; c++) {
                expected.add(Integer.parseInt(cells[c].trim().substring(0, 3)));
            }
            matrix.rows.add(new Row(endpoint[0], port, portAndPath.substring(portAndPath.indexOf('/')), expected));
        }
        return matrix;
    }

    private static String[] cells(String line) {
        String inner = line.trim().substring(1, line.trim().length() - 1);
        String[] cells = inner.split("\\|");
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    /**
     * Sends every cell's request and returns the cells that answered otherwise than documented.
     *
     * @param credentials the Authorization header for a role id ({@code ""} for a caller without
     *                    Homeport roles)
     * @param baseUri     maps a documented port (8481, 8482) to the node's actual base URI
     * @param fill        prepares a fresh value for a path placeholder such as {@code {name}}
     * @param bodyFor     the JSON body for a method and template, or null
     */
    List<String> walk(Sender sender, Function<String, String> credentials, Function<Integer, String> baseUri,
            Map<String, Function<Row, String>> fill, Function<Row, String> bodyFor) throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Row row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                String path = row.template();
                for (Map.Entry<String, Function<Row, String>> placeholder : fill.entrySet()) {
                    if (path.contains(placeholder.getKey())) {
                        path = path.replace(placeholder.getKey(), placeholder.getValue().apply(row));
                    }
                }
                String authorization = column.role() == null ? null : credentials.apply(column.role());
                HttpResponse<String> response = sender.send(row.method(), URI.create(baseUri.apply(row.port()) + path),
                        authorization, bodyFor.apply(row));
                if (response.statusCode() != row.expected().get(c)) {
                    mismatches.add(row.method() + " :" + row.port() + row.template() + " as " + column.heading() + ": expected "
                            + row.expected().get(c) + ", got " + response.statusCode() + " " + response.body());
                }
                if (response.statusCode() >= 400 && authorization != null
                        && response.body().contains(authorization.substring(authorization.indexOf(' ') + 1))) {
                    mismatches.add(row.method() + " " + row.template() + " repeats the credential in its answer");
                }
            }
        }
        return mismatches;
    }
}
