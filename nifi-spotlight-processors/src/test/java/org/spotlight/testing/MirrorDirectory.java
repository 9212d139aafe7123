package org.spotlight.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory laid out like the official sites, made in a test's temporary directory from ../shared/data:
 * the index zip is built from a snapshot, every document is a symbolic link to the shared file (nothing is copied
 * into the project).
 */
public final class MirrorDirectory {

    private MirrorDirectory() {
    }

    /** {@code public_disc/financial-pdfs/{year}FD.zip} and every shared PTR PDF under {@code public_disc/ptr-pdfs/2025/}. */
    public static void house(final Path root, final int year, final byte[] indexZip) {
        try {
            final Path indexes = Files.createDirectories(root.resolve("public_disc/financial-pdfs"));
            Files.write(indexes.resolve(year + "FD.zip"), indexZip);
            final Path pdfs = Files.createDirectories(root.resolve("public_disc/ptr-pdfs/2025"));
            for (String docId : SharedPtrs.allHouse()) {
                Files.createSymbolicLink(pdfs.resolve(docId + ".pdf"), SharedPtrs.pdf(docId));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared eFD search answer under {@code search/report/data/} and the PTR pages as {@code search/view/ptr/{uuid}/index.html}. */
    public static void senate(final Path root) {
        try {
            final Path data = Files.createDirectories(root.resolve("search/report/data"));
            final Path answer = SharedData.path("congress/senate_efd/search_report_data/state-indexes-2019-11-21_DE.json");
            Files.createSymbolicLink(data.resolve(answer.getFileName()), answer);
            try (var pages = Files.list(SharedPtrs.SENATE_PAGES)) {
                for (Path page : pages.toList()) {
                    final String uuid = page.getFileName().toString().replace(".html", "");
                    final Path directory = Files.createDirectories(root.resolve("search/view/ptr/" + uuid));
                    Files.createSymbolicLink(directory.resolve("index.html"), page);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
