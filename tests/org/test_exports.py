from org.exports import cell, csv_response


def test_csv_starts_with_a_bom_and_neutralises_formulas():
    response = csv_response(
        filename="x.csv", header=["Назва", "Сума"], rows=[["=HYPERLINK(1)", 5], ["Звичайна", None]]
    )

    body = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert body.startswith("\ufeffНазва,Сума\r\n")
    assert "'=HYPERLINK(1),5" in body
    assert body.endswith("Звичайна,\r\n")


def test_cell_leaves_plain_text_alone():
    assert cell("Арена Сіті") == "Арена Сіті"
    assert cell("@cmd") == "'@cmd"
