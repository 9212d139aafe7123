package org.spotlight.congress.house;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How much a PDF's compressed streams unpack to, counted before anything reads them. PDFBox unpacks a stream
 * whole into memory when text extraction reads it, so a small PDF whose page content inflates to gigabytes (a PDF
 * "zip bomb") would exhaust the heap; here each stream is unpacked once, streaming into a counter, and the count stops
 * at the bound. Page images are not counted: extracting text never unpacks them.
 */
final class PdfBounds {

    private static final Set<COSName> IMAGE_FILTERS = Set.of(COSName.DCT_DECODE, COSName.DCT_DECODE_ABBREVIATION, COSName.JPX_DECODE,
            COSName.JBIG2_DECODE, COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE_ABBREVIATION);

    /** Thrown when the bound is crossed. */
    static final class TooMuch extends IOException {
        TooMuch() {
            super("bound crossed");
        }
    }

    private PdfBounds() {
    }

    /** True when the document's non-image streams unpack to at most {@code maxBytes} in all. */
    static boolean unpacksWithin(final PDDocument document, final long maxBytes) throws IOException {
        final long[] total = {0};
        for (COSObjectKey key : new ArrayList<>(document.getDocument().getXrefTable().keySet())) {
            final COSBase object = document.getDocument().getObjectFromPool(key).getObject();
            if (!(object instanceof COSStream stream) || COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                continue;
            }
            final List<COSName> filters = filters(stream);
            if (filters.stream().anyMatch(IMAGE_FILTERS::contains)) {
                continue;
            }
            try {
                count(stream, filters, total, maxBytes);
            } catch (final TooMuch e) {
                return false;
            } catch (final IOException e) {
                // A damaged stream is PDFBox's to tolerate or refuse when it reads the page; only its size matters here.
            }
        }
        return true;
    }

    private static void count(final COSStream stream, final List<COSName> filters, final long[] total, final long maxBytes) throws IOException {
        if (filters.isEmpty()) {
            add(total, stream.getLength(), maxBytes);
            return;
        }
        byte[] stage = null;
        for (int i = 0; i < filters.size(); i++) {
            final boolean last = i == filters.size() - 1;
            try (InputStream in = stage == null ? stream.createRawInputStream() : new ByteArrayInputStream(stage)) {
                final Counting out = new Counting(total, maxBytes, !last);
                FilterFactory.INSTANCE.getFilter(filters.get(i)).decode(in, out, stream, i);
                stage = last ? null : out.kept.toByteArray();
            }
        }
    }

    private static void add(final long[] total, final long bytes, final long maxBytes) throws TooMuch {
        total[0] += bytes;
        if (total[0] > maxBytes) {
            throw new TooMuch();
        }
    }

    private static List<COSName> filters(final COSStream stream) {
        final COSBase filters = stream.getFilters();
        final List<COSName> names = new ArrayList<>();
        if (filters instanceof COSName name) {
            names.add(name);
        } else if (filters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Counts what a filter writes; keeps it only when another filter must read it. */
    private static final class Counting extends OutputStream {
        private final long[] total;
        private final long maxBytes;
        private final ByteArrayOutputStream kept;

        Counting(final long[] total, final long maxBytes, final boolean keep) {
            this.total = total;
            this.maxBytes = maxBytes;
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void write(final int b) throws IOException {
            add(total, 1, maxBytes);
            if (kept != null) {
                kept.write(b);
            }
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            add(total, len, maxBytes);
            if (kept != null) {
                kept.write(b, off, len);
            }
        }
    }
}
