#!/usr/bin/python3
"""Validates JSON files against a JSON Schema with python3-jsonschema (the
draft the schema names in $schema); exits 1 and prints every error when one
does not validate.  Usage: validate_schema.py SCHEMA FILE..."""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for path in sys.argv[2:]:
        for err in validator.iter_errors(json.load(open(path))):
            print(f"{path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
            bad += 1
    sys.exit(1 if bad else 0)


main()
