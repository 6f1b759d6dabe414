package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.error.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API reference page as a reader meets it, in a real headless Chromium: Swagger UI renders every operation
 * of the public document (and only those; the admin API has its own page), and each anchor that an error's
 * {@code docs_url} or a webhook delivery's {@code User-Agent} links to lands on its section once the page has
 * drawn itself. Needs Debian's {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them and
 * sets {@code OP_REQUIRE_BROWSER=1}, so there the test cannot be skipped.
 */
class DocsPageTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        Stack.start();
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!present && System.getenv("OP_REQUIRE_BROWSER") != null) {
            throw new AssertionError("OP_REQUIRE_BROWSER is set but /usr/bin/chromium or /usr/bin/chromedriver is"
                    + " missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver: the browser test is skipped");
        Path profile = Files.createTempDirectory("docs-browser");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePublicPageListsEveryPublicOperationAndNoAdminOne() throws Exception {
        Set<String> expected = operations("/openapi/public.json");
        assertTrue(expected.size() > 30, "the public document has " + expected);
        assertTrue(expected.stream().noneMatch(o -> o.contains(" /admin/")), expected.toString());
        assertEquals(expected, rendered("/docs"));
    }

    @Test
    void theAdminApiHasAPageOfItsOwn() throws Exception {
        Set<String> expected = operations("/openapi/admin.json");
        assertTrue(expected.contains("POST /admin/v1/orgs"), expected.toString());
        assertTrue(expected.stream().allMatch(o -> o.contains(" /admin/")), expected.toString());
        assertEquals(expected, rendered("/docs/admin"));
    }

    @Test
    void everyAnchorLandsOnItsSectionAfterThePageIsDrawn() {
        List<String> codes = new ArrayList<>();
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.docsUrl().substring("/docs#".length()));
        }
        // opened from a link (a delivery's User-Agent, an error's docs_url): the page loads at the anchor
        List<String> opened = new ArrayList<>(List.of("webhooks", "webhooks-verify", "webhooks-retries",
                "webhooks-events", "events-feed", "errors", codes.get(0), codes.get(codes.size() - 1)));
        for (String anchor : opened) {
            browser.get("about:blank");
            load("/docs#" + anchor);
            assertAtTop(anchor);
        }
        // followed within the drawn page (the error table's rows)
        for (String anchor : codes) {
            ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", anchor);
            assertAtTop(anchor);
        }
    }

    private static void assertAtTop(String anchor) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Number top = (Number) js.executeScript(
                "return document.getElementById(arguments[0]).getBoundingClientRect().top", anchor);
        Number scrolled = (Number) js.executeScript("return window.scrollY");
        Number bottomGap = (Number) js.executeScript(
                "return document.documentElement.scrollHeight - window.scrollY - window.innerHeight");
        assertTrue(scrolled.doubleValue() > 1000, anchor + ": the page stayed near the top (scrollY " + scrolled + ")");
        // at the top of the window, or as close as the end of the page lets it come
        assertTrue(Math.abs(top.doubleValue()) <= 2 || (top.doubleValue() > 0 && bottomGap.doubleValue() <= 2),
                anchor + ": the section is at " + top + " px, not at the top of the window");
    }

    /** The operations Swagger UI drew on {@code page}, as "METHOD /path". */
    private static Set<String> rendered(String page) {
        load(page);
        List<WebElement> blocks = browser.findElements(By.cssSelector(".opblock-summary"));
        assertFalse(blocks.isEmpty(), page + " drew no operation:\n" + browser.getPageSource());
        Set<String> seen = new TreeSet<>();
        for (WebElement block : blocks) {
            String method = block.findElement(By.cssSelector(".opblock-summary-method")).getText().strip();
            String path = block.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path");
            seen.add(method.toUpperCase() + " " + path);
        }
        return seen;
    }

    private static void load(String page) {
        browser.get(Stack.gatewayUrl() + page);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> "true".equals(
                ((JavascriptExecutor) b).executeScript("return document.body.getAttribute('data-rendered')")));
    }

    private static Set<String> operations(String document) throws Exception {
        JsonNode doc = MAPPER.readTree(Gateway.anonymous().get(document).then().statusCode(200).extract().asString());
        Set<String> operations = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }
}
