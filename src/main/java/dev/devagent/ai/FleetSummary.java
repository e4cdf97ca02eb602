package dev.devagent.ai;

/** How much the agent knows: what has been indexed so far. */
public record FleetSummary(long repositories, long codeChunks, long packages) {

    public boolean isEmpty() {
        return repositories == 0 && codeChunks == 0;
    }
}
