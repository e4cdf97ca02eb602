package dev.devagent.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.devagent.support.FakeOpenAi;

/**
 * The OpenAI fake as its own process for the benches: every call (planning, answer, title) takes a fixed
 * delay, then answers with a short text (streamed word by word when asked to stream, the words a fixed
 * interval apart, as a hosted model generates them).
 * Args: file to write the base URL to, delay in ms, interval between streamed tokens in ms.
 */
public final class FakeLlmServer {

    static final String ANSWER = "The billing and payments services depend on express 4.18 through their "
            + "package.json files; upgrading to 5 touches the router and body parser usage in both.";

    private FakeLlmServer() {
    }

    public static void main(String[] args) throws Exception {
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 300;
        long tokenMs = args.length > 2 ? Long.parseLong(args[2]) : 10;
        FakeOpenAi fake = new FakeOpenAi();
        fake.keepRequests(false);
        fake.behave(request -> FakeOpenAi.Reply.text(ANSWER, 120, 30).delayed(delayMs).paced(tokenMs));
        Files.writeString(Path.of(args[0]), fake.baseUrl());
        System.out.println("fake LLM at " + fake.baseUrl() + " (" + delayMs + " ms per call, " + tokenMs
                + " ms per streamed token)");
        Thread.currentThread().join();
    }
}
