package org.spotlight.congress.house;

import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the checkboxes a House PTR draws in its "Cap. Gains > $200?" column and whether each is ticked. The
 * generator draws each box as a rounded rectangle (curved path segments) and a tick as a short stroked polyline
 * of straight segments inside it; neither is text, so this reads the page's vector graphics.
 */
final class PdfCheckboxes extends PDFGraphicsStreamEngine {

    /** A box in page points from the top-left corner. */
    record Box(float left, float top, float right, float bottom, boolean checked) {
        float centerY() {
            return (top + bottom) / 2;
        }
    }

    private static final float MIN_BOX = 5f;
    private static final float MAX_BOX = 20f;

    private final float pageHeight;
    private final List<Rectangle2D> boxes = new ArrayList<>();
    private final List<Rectangle2D> ticks = new ArrayList<>();
    private Rectangle2D.Float path;
    private int curves;
    private int lines;
    private Point2D.Float current = new Point2D.Float();

    private PdfCheckboxes(final PDPage page) {
        super(page);
        this.pageHeight = page.getCropBox().getHeight();
    }

    static List<Box> find(final PDPage page) throws IOException {
        final PdfCheckboxes engine = new PdfCheckboxes(page);
        engine.processPage(page);
        return engine.result();
    }

    private List<Box> result() {
        final List<Box> found = new ArrayList<>();
        for (Rectangle2D box : boxes) {
            if (found.stream().anyMatch(known -> Math.abs(known.left() - box.getMinX()) < 2 && Math.abs(known.top() - top(box)) < 2)) {
                continue; // the generator paints each box three times: fill, inner fill, outline
            }
            boolean checked = false;
            for (Rectangle2D tick : ticks) {
                checked |= box.contains(tick.getCenterX(), tick.getCenterY());
            }
            found.add(new Box((float) box.getMinX(), top(box), (float) box.getMaxX(), pageHeight - (float) box.getMinY(), checked));
        }
        return found;
    }

    private float top(final Rectangle2D box) {
        return pageHeight - (float) box.getMaxY();
    }

    private void include(final float x, final float y) {
        if (path == null) {
            path = new Rectangle2D.Float(x, y, 0, 0);
        } else {
            path.add(x, y);
        }
    }

    private void finish(final boolean stroked) {
        if (path != null) {
            final boolean boxSized = path.width >= MIN_BOX && path.width <= MAX_BOX && path.height >= MIN_BOX && path.height <= MAX_BOX;
            if (boxSized && curves >= 4) {
                boxes.add(path);
            } else if (stroked && curves == 0 && lines >= 2 && lines <= 4 && path.width <= MAX_BOX && path.height <= MAX_BOX) {
                ticks.add(path);
            }
        }
        path = null;
        curves = 0;
        lines = 0;
    }

    @Override
    public void moveTo(final float x, final float y) {
        include(x, y);
        current = new Point2D.Float(x, y);
    }

    @Override
    public void lineTo(final float x, final float y) {
        include(x, y);
        lines++;
        current = new Point2D.Float(x, y);
    }

    @Override
    public void curveTo(final float x1, final float y1, final float x2, final float y2, final float x3, final float y3) {
        include(x3, y3);
        curves++;
        current = new Point2D.Float(x3, y3);
    }

    @Override
    public void appendRectangle(final Point2D p0, final Point2D p1, final Point2D p2, final Point2D p3) {
        // Rectangles are table cell backgrounds and rules, never boxes or ticks.
        path = null;
        curves = 0;
        lines = 0;
    }

    @Override
    public Point2D getCurrentPoint() {
        return current;
    }

    @Override
    public void closePath() {
        // A closed outline is still the same shape.
    }

    @Override
    public void endPath() {
        finish(false);
    }

    @Override
    public void strokePath() {
        finish(true);
    }

    @Override
    public void fillPath(final int windingRule) {
        finish(false);
    }

    @Override
    public void fillAndStrokePath(final int windingRule) {
        finish(true);
    }

    @Override
    public void clip(final int windingRule) {
        // Clipping paths are followed by endPath, which discards them.
    }

    @Override
    public void drawImage(final PDImage pdImage) {
        // Images (the seal) carry no answers.
    }

    @Override
    public void shadingFill(final COSName shadingName) {
        // Shadings carry no answers.
    }
}
