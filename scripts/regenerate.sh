#!/usr/bin/env bash
# Regenerates every committed file that a generator gives, in one command: the actions' action.yml
# files, the Jenkins library's catalogue.json and vars help, the step pages and the configuration
# reference, the JSON Schema, and the minimal templates (what modelgate init writes for the guide's
# sample). Each file is held by a test (ActionFilesTest, LibraryFilesTest, DocsFilesTest,
# ConfigSchemaTest, MinimalTemplatesTest) that fails when it drifts and, with
# -Dmodelgate.regenerate=true, writes it instead; this runs those five tests that way. Not covered:
# a new step's one-line vars/modelgate<Step>.groovy (written by hand), and a removed step's files
# (deleted by hand; the tests fail while any is left).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q verify -pl shared-core,actions-runner,jenkins-plugin -Dmodelgate.regenerate=true \
  -Dtest='ConfigSchemaTest,DocsFilesTest,MinimalTemplatesTest,ActionFilesTest,LibraryFilesTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
git status --short -- actions-runner jenkins-plugin docs pipeline-templates
