package dev.devagent.ai;

/** What a question is about, as far as the rule-based planner can tell. */
public enum Intent {
    DEPENDENCY, SEARCH, REPOSITORY, OTHER;

    public String label() {
        return name().toLowerCase();
    }
}
