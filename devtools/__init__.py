"""Development tools of the checkout, not part of the installed package: `synth`, the generator of
benchmark corpora (`cpgraph synth` runs it from a checkout or an editable install)."""
