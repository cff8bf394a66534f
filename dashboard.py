"""econ-ties dashboard: `streamlit run dashboard.py`. The script itself ships in the package (econ_ties/app/dashboard.py)."""

from econ_ties.app.dashboard import main

main()
