package org.spotlight.congress.house;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.io.IOException;

/** Whether a PDF's pages carry images: a scanned filing is page images without text. */
final class PdfImages {

    private static final int MAX_DEPTH = 8;

    private PdfImages() {
    }

    static boolean anyPageHasImages(final PDDocument document) throws IOException {
        for (PDPage page : document.getPages()) {
            if (hasImages(page.getResources(), 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasImages(final PDResources resources, final int depth) throws IOException {
        if (resources == null || depth > MAX_DEPTH) {
            return false;
        }
        for (COSName name : resources.getXObjectNames()) {
            final PDXObject object = resources.getXObject(name);
            if (object instanceof PDImageXObject) {
                return true;
            }
            if (object instanceof PDFormXObject form && hasImages(form.getResources(), depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
