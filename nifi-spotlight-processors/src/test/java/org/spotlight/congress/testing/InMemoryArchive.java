package org.spotlight.congress.testing;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.document.ArchiveLayout;
import org.spotlight.congress.document.DocumentRef;
import org.spotlight.congress.document.RawArchive;
import org.spotlight.congress.document.RawDocument;

import java.util.Map;
import java.util.TreeMap;

/**
 * The raw archive as a map, for domain tests of what gets archived under which key. The S3 implementation is
 * tested against the local stack's S3 server in FetchCongressTradesIT.
 */
public final class InMemoryArchive implements RawArchive {

    private final ArchiveLayout layout = new ArchiveLayout("raw-test", ArchiveLayout.DEFAULT_PREFIX);
    private final Map<String, RawDocument> objects = new TreeMap<>();

    @Override
    public synchronized RawDocument store(final RawDocument document) {
        final RawDocument stored = document.archivedAs(layout.uriOf(document.ref()));
        objects.put(layout.keyOf(document.ref()), stored);
        return stored;
    }

    @Override
    public synchronized RawDocument read(final DocumentRef ref) throws SourceException {
        final RawDocument stored = objects.get(layout.keyOf(ref));
        if (stored == null) {
            throw new SourceException(Code.NOT_FOUND, layout.uriOf(ref), layout.uriOf(ref) + " is not in the raw archive", false, null);
        }
        return stored;
    }

    public synchronized Map<String, RawDocument> objects() {
        return Map.copyOf(objects);
    }
}
