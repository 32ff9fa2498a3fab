"""The edge: where input comes in and errors go out. Ground floor, no models.

Every request's text is normalised here once (middleware, the API's JSON parser), query parameters are
read by a few strict parsers, and every refusal answers in Vietnamese: a 400 with a message, never a 500.
"""
