package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.agent.Outcome;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them): sign in, start a run, watch it move live, answer its human task
 * with a button and see it finish. Screenshots of each page go to {@code target/screenshots}.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;
  @TempDir Path profile;
  ServerFixture f;
  WebDriver browser;
  WebDriverWait wait;
  final CountDownLatch build = new CountDownLatch(1);
  final Path shots = Path.of("target", "screenshots");

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    f =
        new ServerFixture(
            dir,
            Map.of(
                "builder",
                (h, a) -> {
                  if (a.step().equals("compile") && !build.await(60, TimeUnit.SECONDS))
                    return Outcome.failed("never released");
                  a.reporter().progress(60, "working on " + a.step());
                  return Outcome.succeeded(Map.of("done", a.step()));
                }));
    f.write(
        "release.yaml",
        """
        name: release
        agents:
          lead: { human: true }
        team: [builder, lead]
        phases:
          - name: build
            mode: parallel
            steps:
              - { id: compile, agent: builder, task: Build the release }
              - { id: docs, agent: builder, task: Write the notes }
          - name: approval
            mode: sequential
            steps:
              - { id: sign-off, agent: lead, task: Approve the release }
          - name: ship
            mode: sequential
            steps:
              - { id: deploy, agent: builder, task: Deploy }
        """);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1280,800");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    Files.createDirectories(shots);
  }

  @AfterEach
  void stop() {
    build.countDown();
    if (browser != null) browser.quit();
    if (f != null) f.close();
  }

  void shot(String name) throws Exception {
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        png.toPath(),
        shots.resolve(name + ".png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  By step(String id, String state) {
    return By.cssSelector("[data-step='" + id + "'][data-state='" + state + "']");
  }

  @Test
  void a_person_signs_in_starts_a_run_watches_it_and_answers_its_task() throws Exception {
    String base = f.server.uri();
    browser.get(base + "/");
    wait.until(ExpectedConditions.urlContains("/login"));
    shot("sign-in");
    browser.findElement(By.id("token")).sendKeys("baton_wrong");
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.urlContains("error"));
    browser.findElement(By.id("token")).sendKeys(f.token.get(Role.ADMIN));
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("start-workflow")));

    browser.findElement(By.id("start-workflow")).sendKeys("release.yaml");
    browser.findElement(By.id("start-run")).click();
    wait.until(ExpectedConditions.urlContains("/runs/release-"));
    String run = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
    // live: the step runs, then (released) succeeds, and the person's step waits — no reload
    wait.until(ExpectedConditions.presenceOfElementLocated(step("compile", "RUNNING")));
    build.countDown();
    wait.until(ExpectedConditions.presenceOfElementLocated(step("compile", "SUCCEEDED")));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .task button")));
    shot("run");

    browser.get(base + "/");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#runs tr[data-run='" + run + "']")));
    shot("runs");
    browser.get(base + "/agents");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board")));
    shot("agents");

    browser.get(base + "/inbox");
    By approve =
        By.cssSelector(".task button[data-action='continue'], .task button[data-action='approve']");
    wait.until(ExpectedConditions.elementToBeClickable(approve));
    shot("inbox");
    browser.findElement(approve).click();
    // the confirmation card, or (when the live inbox already refreshed) the task gone from it
    wait.until(
        ExpectedConditions.or(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("[id^='decided-']")),
            ExpectedConditions.presenceOfElementLocated(By.id("inbox-empty"))));

    browser.get(base + "/runs/" + run);
    wait.until(ExpectedConditions.presenceOfElementLocated(step("deploy", "SUCCEEDED")));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .s-succeeded")));
    assertThat(f.state(run)).isEqualTo("SUCCEEDED");
    assertThat(f.get("/api/v1/runs/" + run + "/events", f.admin()).body())
        .contains("HumanTaskResolved")
        .contains("\"by\":\"admin\"");
    shot("run-done");

    browser.get(base + "/charts");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".chart .uplot")));
    shot("charts");
    browser.get(base + "/alerts");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
    shot("alerts");
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(base + "/runs/" + run);
    wait.until(ExpectedConditions.presenceOfElementLocated(step("deploy", "SUCCEEDED")));
    shot("run-390px");
  }

  @Test
  void a_state_changing_request_without_the_csrf_token_is_refused() throws Exception {
    String base = f.server.uri();
    browser.get(base + "/login");
    browser.findElement(By.id("token")).sendKeys(f.token.get(Role.ADMIN));
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("start-workflow")));
    // the cookie cannot be read by scripts, and a request without the CSRF header is refused
    Object cookie =
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.cookie");
    assertThat(String.valueOf(cookie)).doesNotContain("baton_");
    Object status =
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[0]; fetch('/api/v1/runs', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({workflow: 'release.yaml'})}).then(r => done(r.status));");
    assertThat(((Number) status).intValue()).isEqualTo(403);
    assertThat(f.store.runs()).isEmpty();
  }
}
