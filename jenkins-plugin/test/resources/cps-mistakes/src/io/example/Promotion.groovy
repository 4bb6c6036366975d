package io.example

// Not Serializable: Jenkins cannot persist a Pipeline that holds one across a step.
class Promotion {
    String model
}
