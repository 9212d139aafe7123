package org.spotlight.testing;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** PDFs built with PDFBox for tests: documents that are not PTRs, and hostile ones. */
public final class TestPdfs {

    private TestPdfs() {
    }

    /** One page with these lines of text (none: a blank page). */
    public static byte[] withText(final String... lines) {
        try (PDDocument document = new PDDocument()) {
            final PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN), 12);
                content.newLineAtOffset(40, 700);
                for (String line : lines) {
                    content.showText(line);
                    content.newLineAtOffset(0, -20);
                }
                content.endText();
            }
            return save(document);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** So many blank pages. */
    public static byte[] blankPages(final int pages) {
        try (PDDocument document = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage());
            }
            return save(document);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid page whose content stream is this many megabytes of blanks, Flate-compressed to about a thousandth. */
    public static byte[] inflating(final int megabytes) {
        try (PDDocument document = new PDDocument()) {
            final PDPage page = new PDPage();
            document.addPage(page);
            final PDStream content = new PDStream(document);
            try (OutputStream out = content.createOutputStream(COSName.FLATE_DECODE)) {
                final byte[] blanks = new byte[1 << 20];
                Arrays.fill(blanks, (byte) ' ');
                for (int i = 0; i < megabytes; i++) {
                    out.write(blanks);
                }
            }
            page.setContents(content);
            return save(document);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] save(final PDDocument document) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
