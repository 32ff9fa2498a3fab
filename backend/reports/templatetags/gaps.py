from django import template

from indicators.gaps import gap_sentence, pace_sentence

register = template.Library()
register.filter("gap_sentence", gap_sentence)
register.filter("pace_sentence", pace_sentence)
