"""ICHD-3 clinical endpoints: headache, migraine and medication days, criteria, periods."""
