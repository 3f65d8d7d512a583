package org.homeport.sink.elasticsearch.internal;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.stats.IndicesStats;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import co.elastic.clients.util.BinaryData;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.homeport.api.sink.SubjectQuery;

/**
 * The Elasticsearch Java client as this sink uses it: an asynchronous client over the Rest5 (Apache
 * HttpClient 5) transport, with the configured hosts, credentials, trust store and timeouts. Bulk writes
 * go through that transport's low-level client with a body the sink writes itself ({@link BulkBody});
 * everything else through the typed asynchronous client. Only
 * endpoints the bare server has (no modules): {@code _bulk}, {@code _index_template}, {@code _cluster/health},
 * {@code _stats}, {@code _count}, index deletion, point in time and search.
 */
final class EsClient implements BulkTransport, AutoCloseable {
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private final Rest5Client rest;
    private final ElasticsearchAsyncClient client;

    EsClient(Settings settings) {
        Rest5ClientBuilder builder = Rest5Client.builder(settings.hosts());
        List<Header> headers = new ArrayList<>();
        if (settings.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + settings.apiKey()));
        } else if (settings.username() != null) {
            String basic = Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + basic));
        }
        if (!headers.isEmpty()) {
            builder.setDefaultHeaders(headers.toArray(new Header[0]));
        }
        if (settings.trustStore() != null) {
            builder.setSSLContext(sslContext(settings));
        }
        Timeout connect = Timeout.ofMilliseconds(settings.connectTimeout().toMillis());
        Timeout response = Timeout.ofMilliseconds(settings.responseTimeout().toMillis());
        builder.setConnectionConfigCallback(config -> config.setConnectTimeout(connect).setSocketTimeout(response));
        builder.setRequestConfigCallback(config -> config.setConnectionRequestTimeout(connect).setResponseTimeout(response));
        builder.setCompressionEnabled(false);
        this.rest = builder.build();
        Rest5ClientTransport transport = new Rest5ClientTransport(rest, new JacksonJsonpMapper(), null,
                NoopInstrumentation.INSTANCE);
        this.client = new ElasticsearchAsyncClient(transport);
    }

    private static SSLContext sslContext(Settings settings) {
        try (InputStream in = Files.newInputStream(settings.trustStore())) {
            KeyStore store = KeyStore.getInstance(settings.trustStoreType());
            store.load(in, settings.trustStorePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("truststore.path: cannot load " + settings.trustStore() + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * {@code POST _bulk} through the client's Rest5 transport with the NDJSON body written from the documents'
     * bytes, asking only for each item's status and error type ({@link BulkBody}).
     */
    @Override
    public CompletableFuture<List<ItemResult>> index(List<Doc> docs, long bytes) {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", BulkBody.FILTER_PATH);
        request.setEntity(new ByteArrayEntity(BulkBody.of(docs, bytes), NDJSON));
        CompletableFuture<List<ItemResult>> result = new CompletableFuture<>();
        rest.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    result.complete(BulkBody.items(EntityUtils.toByteArray(response.getEntity()), docs.size()));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new RequestFailedException(0, e.getClass().getSimpleName(), null));
                }
            }

            @Override
            public void onFailure(Exception failure) {
                if (failure instanceof ResponseException answered) {
                    Response response = answered.getResponse();
                    String type = null;
                    try {
                        type = response.getEntity() == null ? null : BulkBody.errorType(EntityUtils.toByteArray(response.getEntity()));
                    } catch (IOException | RuntimeException e) {
                        // the status is enough
                    }
                    result.completeExceptionally(new RequestFailedException(response.getStatusCode(),
                            type == null ? "error" : type, null));
                } else {
                    result.completeExceptionally(new RequestFailedException(0, failure.getClass().getSimpleName(), null));
                }
            }
        });
        return result;
    }

    /** Turns the client's failures into {@link RequestFailedException}s; never copies a reason (it may quote a value). */
    static RequestFailedException failed(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RequestFailedException request) {
            return request;
        }
        if (cause instanceof ElasticsearchException es) {
            return new RequestFailedException(es.status(), es.error() == null ? "error" : es.error().type(), null);
        }
        if (cause instanceof TransportException transport) {
            int status = transport.statusCode();
            return new RequestFailedException(Math.max(status, 0), cause.getClass().getSimpleName(), null);
        }
        return new RequestFailedException(0, cause.getClass().getSimpleName(), null);
    }

    /** Creates or replaces the index template. */
    CompletableFuture<Void> putTemplate(String name, String body) {
        return client.indices().putIndexTemplate(t -> t.name(name).withJson(new StringReader(body)))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw failed(failure);
                    }
                    return null;
                });
    }

    /** {@code GET _cluster/health}: the status, or a failure. */
    CompletableFuture<HealthResponse> health() {
        return client.cluster().health();
    }

    /** Open indices matching the wildcard, with their primaries' document count and size in bytes. */
    CompletableFuture<Map<String, long[]>> indexStats(String wildcard) {
        return client.indices().stats(s -> s.index(wildcard).metric(co.elastic.clients.elasticsearch._types.CommonStatsFlag.Docs, co.elastic.clients.elasticsearch._types.CommonStatsFlag.Store)
                .expandWildcards(ExpandWildcard.Open)).handle((response, failure) -> {
                    if (failure != null) {
                        RequestFailedException request = failed(failure);
                        if (request.status() == 404) {
                            return Map.of();
                        }
                        throw request;
                    }
                    Map<String, long[]> stats = new LinkedHashMap<>();
                    for (Map.Entry<String, IndicesStats> index : response.indices().entrySet()) {
                        var primaries = index.getValue().primaries();
                        long docs = primaries.docs() == null ? 0 : primaries.docs().count();
                        long bytes = primaries.store() == null ? 0 : primaries.store().sizeInBytes();
                        stats.put(index.getKey(), new long[] {docs, bytes});
                    }
                    return stats;
                });
    }

    /** How many documents of {@code index} are not of {@code purpose}. */
    CompletableFuture<Long> countOtherThan(String index, String purpose) {
        return client.count(c -> c.index(index).query(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t.field("purpose")
                .value(purpose)))))).handle((response, failure) -> {
                    if (failure != null) {
                        throw failed(failure);
                    }
                    return response.count();
                });
    }

    CompletableFuture<Void> deleteIndices(List<String> indices) {
        return client.indices().delete(d -> d.index(indices)).handle((response, failure) -> {
            if (failure != null) {
                throw failed(failure);
            }
            return null;
        });
    }

    /** The filter a stored event must pass to match one of the queries. */
    static Query matching(List<SubjectQuery> queries) {
        BoolQuery.Builder any = new BoolQuery.Builder().minimumShouldMatch("1");
        for (SubjectQuery query : queries) {
            any.should(s -> s.bool(b -> {
                b.filter(f -> f.term(t -> t.field("tenant").value(query.tenant())));
                if (!query.purposes().isEmpty()) {
                    b.filter(f -> f.terms(t -> t.field("purpose").terms(v -> v.value(
                            query.purposes().stream().sorted().map(FieldValue::of).toList()))));
                }
                if (query.subject() != null) {
                    b.filter(f -> f.term(t -> t.field("subject").value(query.subject())));
                }
                if (query.device() != null) {
                    b.filter(f -> f.term(t -> t.field("source.device").value(query.device())));
                }
                return b;
            }));
        }
        return Query.of(q -> q.bool(any.build()));
    }

    /** One page of hits: where each is and its source as stored. */
    record Page(List<String> indices, List<String> ids, List<byte[]> sources, List<FieldValue> after) {
    }

    /**
     * Walks every document of {@code indices} that matches {@code query} in pages of {@code size}, over
     * one point in time (so the pages are consistent with each other) with {@code search_after}, handing
     * each page to {@code onPage} before asking for the next; {@code onPage} returns when the page is dealt
     * with. Completes with the number of hits.
     */
    CompletableFuture<Long> scan(List<String> indices, Query query, int size, boolean withSource,
            Function<Page, CompletableFuture<Void>> onPage) {
        return client.openPointInTime(p -> p.index(indices).keepAlive(k -> k.time("2m")).ignoreUnavailable(true)
                .allowPartialSearchResults(false).expandWildcards(ExpandWildcard.Open))
                .handle((opened, failure) -> {
                    if (failure != null) {
                        RequestFailedException request = failed(failure);
                        if (request.status() == 404) {
                            return (String) null;
                        }
                        throw request;
                    }
                    return opened.id();
                })
                .thenCompose(pit -> {
                    if (pit == null) {
                        return CompletableFuture.completedFuture(0L);
                    }
                    return page(pit, query, size, withSource, null, 0L, onPage)
                            .whenComplete((count, failure) -> client.closePointInTime(c -> c.id(pit)));
                });
    }

    private CompletableFuture<Long> page(String pit, Query query, int size, boolean withSource, List<FieldValue> after,
            long seen, Function<Page, CompletableFuture<Void>> onPage) {
        CompletableFuture<SearchResponse<BinaryData>> search = client.search(s -> {
            s.pit(p -> p.id(pit).keepAlive(k -> k.time("2m"))).query(query).size(size).trackTotalHits(t -> t.enabled(false))
                    .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)));
            if (!withSource) {
                s.source(src -> src.fetch(false));
            }
            if (after != null) {
                s.searchAfter(after);
            }
            return s;
        }, BinaryData.class);
        return search.handle((response, failure) -> {
            if (failure != null) {
                throw failed(failure);
            }
            return response;
        }).thenCompose(response -> {
            List<Hit<BinaryData>> hits = response.hits().hits();
            if (hits.isEmpty()) {
                return CompletableFuture.completedFuture(seen);
            }
            List<String> indices = new ArrayList<>(hits.size());
            List<String> ids = new ArrayList<>(hits.size());
            List<byte[]> sources = new ArrayList<>(hits.size());
            for (Hit<BinaryData> hit : hits) {
                indices.add(hit.index());
                ids.add(hit.id());
                if (withSource && hit.source() != null) {
                    try {
                        var buffer = hit.source().asByteBuffer();
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        sources.add(bytes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            List<FieldValue> last = hits.get(hits.size() - 1).sort();
            Page page = new Page(indices, ids, sources, last);
            return onPage.apply(page).thenCompose(done -> hits.size() < size
                    ? CompletableFuture.completedFuture(seen + hits.size())
                    : page(pit, query, size, withSource, last, seen + hits.size(), onPage));
        });
    }

    /** Deletes documents by index and id; completes with how many were there and are gone. */
    CompletableFuture<Long> deleteDocs(List<String> indices, List<String> ids) {
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (int i = 0; i < ids.size(); i++) {
            String index = indices.get(i);
            String id = ids.get(i);
            request.operations(op -> op.delete(d -> d.index(index).id(id)));
        }
        return client.bulk(request.build()).handle((response, failure) -> {
            if (failure != null) {
                throw failed(failure);
            }
            long deleted = 0;
            for (BulkResponseItem item : response.items()) {
                if (item.status() == 200) {
                    deleted++;
                } else if (item.status() != 404) {
                    throw new RequestFailedException(item.status(), item.error() == null ? "error" : item.error().type(), null);
                }
            }
            return deleted;
        });
    }

    CompletableFuture<Void> refresh(List<String> indices) {
        return client.indices().refresh(r -> r.index(indices).ignoreUnavailable(true)).handle((response, failure) -> {
            if (failure != null) {
                throw failed(failure);
            }
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
