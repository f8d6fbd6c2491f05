package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MailHtmlTest {

    @Test
    void scriptsStylesAndEventHandlersAreRemoved() {
        String safe = MailHtml.sanitise("<html><head><style>body{display:none}</style><script>alert(1)</script></head>"
                + "<body onload=\"steal()\"><p onclick=\"x()\" style=\"color:red\">Hello <b>there</b></p>"
                + "<iframe src=\"https://evil.example/\"></iframe><form action=\"/x\"><input name=q></form>"
                + "<a href=\"javascript:alert(2)\">bad</a></body></html>");
        String lower = safe.toLowerCase();
        assertFalse(lower.contains("script"), safe);
        assertFalse(lower.contains("alert"), safe);
        assertFalse(lower.contains("style"), safe);
        assertFalse(lower.contains("onclick") || lower.contains("onload"), safe);
        assertFalse(lower.contains("iframe") || lower.contains("<form") || lower.contains("<input"), safe);
        assertFalse(lower.contains("javascript:"), safe);
        assertTrue(safe.contains("<p>Hello <b>there</b></p>"), safe);
    }

    @Test
    void linksAreKeptWithSafeRelAndNewTab() {
        String safe = MailHtml.sanitise("<p>See <a href=\"https://shop.example/order/42\">your order</a></p>");
        assertTrue(safe.contains("href=\"https://shop.example/order/42\""), safe);
        assertTrue(safe.contains("nofollow") && safe.contains("noopener") && safe.contains("noreferrer"), safe);
        assertTrue(safe.contains("target=\"_blank\""), safe);
        assertTrue(safe.contains(">your order</a>"), safe);
    }

    @Test
    void remoteImagesAreNeverLoadedButCanBeOpened() {
        String safe = MailHtml.sanitise("<p>Logo <img src=\"https://track.example/pixel.gif?u=7\" alt=\"Shop logo\">"
                + "<img src=\"data:image/png;base64,AAAA\" alt=\"inline\"></p>");
        assertFalse(safe.toLowerCase().contains("<img"), safe);
        assertTrue(safe.contains("href=\"https://track.example/pixel.gif?u&#61;7\""), safe);
        assertTrue(safe.contains("[image: Shop logo]"), safe);
        assertTrue(safe.contains("[image: inline]"), safe);
        assertFalse(safe.contains("data:image"), safe);
    }

    @Test
    void blockquoteHistoryIsCollapsedInsideItsBlock() {
        String safe = MailHtml.sanitise("<div><p>New answer</p><blockquote><p>old text</p></blockquote>"
                + "<p>after quote</p></div><p>outside</p>");
        assertEquals("<div><p>New answer</p><details class=\"quoted-history\"><summary>Quoted history</summary>"
                + "<blockquote><p>old text</p></blockquote><p>after quote</p></details></div><p>outside</p>", safe);
    }

    @Test
    void gmailQuoteAndAttributionLineAreCollapsed() {
        String gmail = MailHtml.sanitise("<div dir=\"ltr\">Thanks!</div><br><div class=\"gmail_quote\">"
                + "<div class=\"gmail_attr\">On Mon, 3 Jun 2024 at 10:00, Ana &lt;ana@example.com&gt; wrote:</div>"
                + "<blockquote class=\"gmail_quote\">earlier</blockquote></div>");
        assertTrue(gmail.startsWith("<div>Thanks!</div><br /><details class=\"quoted-history\"><summary>Quoted history"
                + "</summary><div class=\"gmail_quote\">"), gmail);
        assertTrue(gmail.endsWith("</div></details>"), gmail);

        String plain = MailHtml.sanitise("<p>Yes please.</p><p>Le lun. 3 juin 2024, Ana a \u00e9crit :</p><p>earlier</p>");
        assertTrue(plain.startsWith("<p>Yes please.</p><p><details class=\"quoted-history\">"), plain);
        String none = MailHtml.sanitise("<p>I wrote: nothing quoted here</p>");
        assertFalse(none.contains("details"), none);
    }

    @Test
    void blankInputGivesEmptyHtml() {
        assertEquals("", MailHtml.sanitise(null));
        assertEquals("", MailHtml.sanitise("  "));
        assertEquals("", MailHtml.sanitise("<script>only()</script>"));
    }
}
