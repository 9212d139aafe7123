package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.DocumentSource;
import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.model.Chamber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Saved eFD search answers: the JSON files of a local mirror's {@code search/report/data/} directory, or the
 * per-year search results FetchCongressTrades archived ({@code senate/{year}/efd-ptr-search.json}).
 */
public final class StoredEfdIndex implements EfdIndex {

    private final Path directory;
    private final DocumentSource documents;

    private StoredEfdIndex(final Path directory, final DocumentSource documents) {
        this.directory = directory;
        this.documents = documents;
    }

    /** Every {@code *.json} in {@code DIR/search/report/data/}, read whole; the rows of each year are picked out. */
    public static StoredEfdIndex directory(final Path mirrorRoot) {
        return new StoredEfdIndex(mirrorRoot.resolve(EfdSession.REPORT_DATA), null);
    }

    /** The archived search results, one document per year. */
    public static StoredEfdIndex archived(final DocumentSource archive) {
        return new StoredEfdIndex(null, archive);
    }

    /** The document under which a year's search results are archived. */
    public static DocumentRef searchResultsRef(final int year) {
        return new DocumentRef(Chamber.SENATE, Integer.toString(year), "efd-ptr-search", "json",
                EfdSession.REPORT_DATA, "application/json");
    }

    @Override
    public ArrayNode rows(final int year) throws SourceException {
        if (documents != null) {
            final RawDocument stored = documents.fetch(searchResultsRef(year), null);
            return EfdIndex.receivedIn(EfdIndex.rowsOf(stored.content(), stored.location()), year);
        }
        final ArrayNode all = JSON.createArrayNode();
        for (Path file : jsonFiles()) {
            try {
                all.addAll(EfdIndex.rowsOf(Files.readAllBytes(file), file.toString()));
            } catch (final IOException e) {
                throw new SourceException(Code.NOT_FOUND, file.toString(), "Cannot read " + file + ": " + e.getMessage(), false, e);
            }
        }
        return EfdIndex.receivedIn(all, year);
    }

    /** The years the saved answers cover, for a mirror read without a year filter. */
    public List<Integer> years() throws SourceException {
        final TreeSet<Integer> years = new TreeSet<>();
        for (Path file : jsonFiles()) {
            try {
                for (var row : EfdIndex.rowsOf(Files.readAllBytes(file), file.toString())) {
                    final String received = row.path(4).asText().trim();
                    if (received.matches("\\d{2}/\\d{2}/\\d{4}")) {
                        years.add(Integer.parseInt(received.substring(6)));
                    }
                }
            } catch (final IOException e) {
                throw new SourceException(Code.NOT_FOUND, file.toString(), "Cannot read " + file + ": " + e.getMessage(), false, e);
            }
        }
        return List.copyOf(years);
    }

    private List<Path> jsonFiles() throws SourceException {
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (final IOException e) {
            throw new SourceException(Code.NOT_FOUND, directory.toString(), "Cannot list " + directory + ": " + e.getMessage(), false, e);
        }
    }
}
