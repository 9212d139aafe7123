package org.spotlight.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The PTR documents in ../shared/data/congress, found by id. */
public final class SharedPtrs {

    public static final Path HOUSE_PDFS = SharedData.path("congress/house_ptr_pdfs/2025");
    public static final Path SENATE_PAGES = SharedData.path("congress/senate_efd/ptr_html");

    private SharedPtrs() {
    }

    /** The 15 electronic House PTRs' DocIDs. */
    public static List<String> electronic() {
        return ids(HOUSE_PDFS.resolve("electronic"));
    }

    /** The 4 scanned paper House PTRs' DocIDs. */
    public static List<String> scanned() {
        return ids(HOUSE_PDFS.resolve("paper_scanned"));
    }

    public static Set<String> allHouse() {
        final Set<String> all = new TreeSet<>(electronic());
        all.addAll(scanned());
        return all;
    }

    /** The shared PDF of a DocID, electronic or scanned; null when the shared data has none. */
    public static Path pdf(final String docId) {
        for (String kind : List.of("electronic", "paper_scanned")) {
            final Path file = HOUSE_PDFS.resolve(kind).resolve(docId + ".pdf");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    public static byte[] pdfBytes(final String docId) {
        try {
            return Files.readAllBytes(pdf(docId));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared Senate PTR page of a report UUID; null when the shared data has none. */
    public static Path senatePage(final String uuid) {
        final Path file = SENATE_PAGES.resolve(uuid.toLowerCase() + ".html");
        return Files.isRegularFile(file) ? file : null;
    }

    private static List<String> ids(final Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".pdf"))
                    .map(name -> name.substring(0, name.length() - 4)).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
