"""Fraud detection: the pure logic of the sample project (no Spark, no services).

The PySpark jobs under jobs/ move tables in and out of the lakehouse; everything they decide is
computed here, so the unit tests cover it without a Spark session or an MLflow server.
"""
